import { MetricsRegistry, SluiceError, createLogger, type TableUsage, type TopicUsage } from '@sluice/core';
import { compactorMetrics } from './compactor-metrics';
import { StorageUsageGauges } from './storage-usage-gauges';

function gauges(tableUsage: () => Promise<TableUsage[]>, topicUsage: (topic: string) => Promise<TopicUsage | undefined>) {
  const registry = new MetricsRegistry();
  const metrics = compactorMetrics(registry);
  const warnings: string[] = [];
  const logger = createLogger({ module: 'usage', sink: (entry) => void (entry.level === 'warn' && warnings.push(entry.message)) });
  const usage = new StorageUsageGauges({ tables: { tableUsage }, tableNames: ['pages__speed'], topicUsage, topicNames: ['events', 'pipe.results'], metrics, logger });
  return { usage, metrics, warnings, text: () => registry.render() };
}

describe('storage usage gauges', () => {
  it('publishes bytes and rows per table and retained records per topic', async () => {
    const { usage, text } = gauges(
      async () => [{ table: 'pages__speed', bytes: 4096, rows: 12 }],
      async (topic) => ({ topic, records: topic === 'events' ? 300 : 40 }),
    );
    await usage.refresh();
    expect(text()).toContain('sluice_clickhouse_table_bytes{table="pages__speed"} 4096');
    expect(text()).toContain('sluice_clickhouse_table_rows{table="pages__speed"} 12');
    expect(text()).toContain('sluice_kafka_topic_records{topic="events"} 300');
    expect(text()).toContain('sluice_kafka_topic_records{topic="pipe.results"} 40');
  });

  it('keeps the last values when a read fails, says so, and still reads the topics that answer', async () => {
    let fail = false;
    const { usage, metrics, warnings } = gauges(
      async () => {
        if (fail) throw new SluiceError('CLICKHOUSE_UNREACHABLE', 'down', { retriable: true });
        return [{ table: 'pages__speed', bytes: 4096, rows: 12 }];
      },
      async (topic) => {
        if (fail && topic === 'pipe.results') throw new SluiceError('KAFKA_UNKNOWN_TOPIC', 'no such topic');
        return { topic, records: fail ? 301 : 300 };
      },
    );
    await usage.refresh();
    fail = true;
    await expect(usage.refresh()).resolves.toBeUndefined();
    expect(metrics.tableBytes.get({ table: 'pages__speed' })).toBe(4096);
    expect(metrics.topicRecords.get({ topic: 'pipe.results' })).toBe(300);
    expect(metrics.topicRecords.get({ topic: 'events' })).toBe(301);
    expect(warnings).toEqual(['table sizes unreadable; keeping the last ones', 'topic size unreadable; keeping the last one']);
  });

  it('publishes no series for a topic that does not exist yet', async () => {
    const { usage, text } = gauges(
      async () => [],
      async (topic) => (topic === 'events' ? { topic, records: 5 } : undefined),
    );
    await usage.refresh();
    expect(text()).toContain('sluice_kafka_topic_records{topic="events"} 5');
    expect(text()).not.toContain('pipe.results');
  });

  it('joins a read that is running instead of starting a second one', async () => {
    let reads = 0;
    const { usage } = gauges(
      async () => {
        reads += 1;
        return [];
      },
      async (topic) => ({ topic, records: 0 }),
    );
    await Promise.all([usage.refresh(), usage.refresh()]);
    expect(reads).toBe(1);
  });
});
