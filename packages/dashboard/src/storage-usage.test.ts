import { topicSizesFromMetrics } from './storage-usage';

describe('topic sizes from the compactor metrics', () => {
  it('reads the retained records per topic, largest first, and nothing else', () => {
    const text = [
      '# TYPE sluice_kafka_topic_records gauge',
      'sluice_kafka_topic_records{topic="pipe.results"} 40',
      'sluice_kafka_topic_records{topic="events"} 300',
      'sluice_clickhouse_table_bytes{table="events__raw"} 9000',
    ].join('\n');
    expect(topicSizesFromMetrics(text)).toEqual([
      { topic: 'events', records: 300 },
      { topic: 'pipe.results', records: 40 },
    ]);
  });
});
