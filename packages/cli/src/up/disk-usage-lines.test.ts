import { diskUsageLines } from './disk-usage-lines';
import { parsePrometheusText } from '@sluice/core';

describe('disk-use lines of the status board', () => {
  it('totals the tables and the topics and names the largest first', () => {
    const samples = parsePrometheusText(
      [
        'sluice_clickhouse_table_bytes{table="pages__speed"} 2048',
        'sluice_clickhouse_table_bytes{table="events__raw"} 1572864',
        'sluice_clickhouse_table_bytes{table="pages__batch"} 0',
        'sluice_clickhouse_table_rows{table="pages__speed"} 12',
        'sluice_clickhouse_table_rows{table="events__raw"} 30000',
        'sluice_kafka_topic_records{topic="events"} 30000',
        'sluice_kafka_topic_records{topic="pipe.results"} 1200',
      ].join('\n'),
    );
    expect(diskUsageLines(samples)).toEqual([
      'tables: 1.50 MiB on disk; events__raw 1.50 MiB (30,000 rows), pages__speed 2.00 KiB (12 rows), pages__batch 0 B (0 rows)',
      'topics: 31,200 records retained; events 30,000, pipe.results 1,200',
    ]);
  });

  it('names four and counts the rest, so the line stays one line', () => {
    const samples = parsePrometheusText(['a', 'b', 'c', 'd', 'e', 'f'].map((topic, i) => `sluice_kafka_topic_records{topic="${topic}"} ${i}`).join('\n'));
    expect(diskUsageLines(samples)).toEqual(['topics: 15 records retained; f 5, e 4, d 3, c 2, 2 more']);
  });

  it('shows nothing before the compactor has published a size', () => {
    expect(diskUsageLines(parsePrometheusText('sluice_sink_lag{partition="0"} 3'))).toEqual([]);
  });
});
