import { clickHouseStorage, createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { MetricsRegistry, parsePipeline, qualifiedName, silentLogger, type PipelineConfig } from '@sluice/core';
import { createKafka, ensureTopics } from '@sluice/kafka';
import { Aggregator } from '@sluice/aggregator';
import { ServingSink } from '@sluice/sink';
import type { Kafka } from 'kafkajs';
import { readAllRecords, testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';

jest.setTimeout(180_000);

function pipeline(name: string): PipelineConfig {
  return parsePipeline(
    `
name: ${name}
kafka: { brokers: ${JSON.stringify(testBrokers())}, clientId: ${name}, topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq } }
clickhouse: { url: "embedded:memory", database: ${name} }
aggregator: { opsPort: 0, updateInterval: 200, maxOutOfOrderness: 1h, idleTimeout: 1h, commitInterval: 1000 }
sink: { opsPort: 0, batchRows: 500, flushInterval: 100ms }
sources:
  events: { topic: ${name}.events, key: user_id, timestamp: ts, partitions: 1 }
views:
  - name: sessions
    source: events
    window: { type: session, gap: 10s }
    lateness: 1h
    groupBy: [user_id]
    measures: { events: count }
`,
    { env: {}, origin: 'session-retraction' },
  );
}

async function send(kafka: Kafka, topic: string, times: readonly number[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: times.map((ts) => ({ key: 'u1', value: JSON.stringify({ user_id: 'u1', ts }) })) });
  await producer.disconnect();
}

/**
 * Live updates put two sessions of one user in the serving view; then an
 * event bridges them. The aggregator merges them and retracts the absorbed
 * one, and the serving view must show one session with every event, with
 * nothing dead-lettered on the way.
 */
describe('end to end: a session merge retracts the absorbed row from the serving view', () => {
  const name = uniqueName('retract');
  const config = pipeline(name);
  const kafka = createKafka(config.kafka, silentLogger, { logLevel: 'error' });
  let clickhouse: ClickHouse;
  let aggregator: Aggregator;
  let sink: ServingSink;

  afterAll(async () => {
    await aggregator?.stop();
    await sink?.stop();
    await clickhouse?.close();
  });

  it('shows one merged session once the bridging event arrives', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: `${name}.events`, partitions: 1 }]);
    await admin.disconnect();
    clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    sink = new ServingSink({ config, kafka, storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    aggregator = new Aggregator({ config, kafka, logger: silentLogger, metrics: new MetricsRegistry() });
    await sink.start();
    await aggregator.start();

    const sessions = async () =>
      (
        await clickhouse.client.query({
          query: `SELECT toUnixTimestamp64Milli(window_start) AS start, toUnixTimestamp64Milli(window_end) AS end, events FROM ${qualifiedName(name, 'sessions')} ORDER BY start`,
          format: 'JSONEachRow',
        })
      ).json<{ start: number; end: number; events: string }>();
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const shown = (expected: string) => async () => JSON.stringify((await sessions()).map((row) => [Number(row.start) - t0, Number(row.end) - t0, Number(row.events)])) === expected;

    await send(kafka, `${name}.events`, [t0, t0 + 15_000]);
    await waitFor(shown('[[0,10000,1],[15000,25000,1]]'), { what: 'two separate sessions in the serving view' });

    await send(kafka, `${name}.events`, [t0 + 8_000]);
    await waitFor(shown('[[0,25000,3]]'), { what: 'the merged session alone in the serving view' });
    expect(await readAllRecords(config.kafka.topics.deadLetter)).toEqual([]);
  });
});
