import { Aggregator } from '@sluice/aggregator';
import { clickHouseStorage, createClickHouse } from '@sluice/clickhouse';
import { Compactor } from '@sluice/compactor';
import { MetricsRegistry, parsePipeline, pipelineTopicSpecs, silentLogger, type PipelineConfig } from '@sluice/core';
import { createKafka, ensureSourceTopics } from '@sluice/kafka';
import { ServingSink } from '@sluice/sink';
import { testBrokers, testKafka } from '../../../test/support/kafka';
import { SMALL_WINDOW_VIEWS_YAML } from '../../../test/support/small-window-views';
import { uniqueName } from '../../../test/support/unique-name';

jest.setTimeout(300_000);

const TRIALS = 4;

/** A pipeline whose topics do not exist yet: 3 source partitions, so the output topics need 3 as well. */
function pipeline(name: string): PipelineConfig {
  return parsePipeline(
    `
name: ${name}
kafka: { brokers: ${JSON.stringify(testBrokers())}, clientId: ${name}, topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq } }
clickhouse: { url: "embedded:memory", database: ${name} }
aggregator: { opsPort: 0, updateInterval: 500, maxOutOfOrderness: 2000, idleTimeout: 1500, commitInterval: 1000 }
sink: { opsPort: 0, flushInterval: 200ms }
compactor: { opsPort: 0, cycleInterval: 1s }
sources:
  events: { topic: ${name}.events, key: user_id, timestamp: ts, partitions: 3 }
views:${SMALL_WINDOW_VIEWS_YAML}`,
    { env: {}, origin: 'cold-start' },
  );
}

/** Partition counts of `topics` as the broker reports them. */
async function partitionCounts(topics: readonly string[]): Promise<Record<string, number>> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return Object.fromEntries(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}

describe('cold start: every worker started at the same moment on topics that do not exist yet', () => {
  it.each(Array.from({ length: TRIALS }, (_, trial) => trial + 1))('trial %i: all come up, and every topic has the partitions of its spec', async () => {
    const config = pipeline(uniqueName('cold'));
    const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    // One client per worker, as separate processes would have.
    const client = () => createKafka(config.kafka, silentLogger, { logLevel: 'error' });
    const workers = [
      new Aggregator({ config, kafka: client(), logger: silentLogger, metrics: new MetricsRegistry() }),
      new ServingSink({ config, kafka: client(), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() }),
      new Compactor({ config, kafka: client(), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() }),
    ];
    try {
      // Ingest ensures its source topics at start too (and only logs a failure), so it joins the race here.
      const started = await Promise.allSettled([...workers.map((worker) => worker.start()), ensureSourceTopics(client(), config, silentLogger)]);

      expect(started.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      expect(workers.map((worker) => `${worker.name}: ${worker.state}`)).toEqual(['aggregator: running', 'sink: running', 'compactor: running']);
      const specs = pipelineTopicSpecs(config);
      expect(await partitionCounts(specs.map((spec) => spec.topic))).toEqual(Object.fromEntries(specs.map((spec) => [spec.topic, spec.partitions])));
    } finally {
      await Promise.allSettled(workers.map((worker) => worker.stop()));
      await clickhouse.close();
    }
  });
});
