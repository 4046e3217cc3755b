import { clickHouseStorage, createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { MetricsRegistry, OVERFLOW_GROUP_VALUE, parsePipeline, qualifiedName, silentLogger, type PipelineConfig } from '@sluice/core';
import { createKafka, ensureTopics } from '@sluice/kafka';
import { Aggregator } from '@sluice/aggregator';
import { ServingSink } from '@sluice/sink';
import { testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';
import { caughtUp } from './support/sink-harness';

jest.setTimeout(240_000);

const EVENTS = 200_000;
const MAX_GROUPS = 1_000;

function pipeline(name: string): PipelineConfig {
  return parsePipeline(
    `
name: ${name}
kafka: { brokers: ${JSON.stringify(testBrokers())}, clientId: ${name}, topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq } }
clickhouse: { url: "embedded:memory", database: ${name} }
aggregator: { opsPort: 0, updateInterval: 500, maxOutOfOrderness: 2000, idleTimeout: 1500, commitInterval: 1000 }
sink: { opsPort: 0, batchRows: 500, flushInterval: 200ms }
sources:
  events: { topic: ${name}.events, key: user_id, timestamp: ts, partitions: 1 }
views:
  - name: per_user
    source: events
    window: { type: tumbling, size: 1m }
    groupBy: [user_id]
    measures: { events: count }
    maxGroupsPerWindow: ${MAX_GROUPS}
`,
    { env: {}, origin: 'unique-key-flood' },
  );
}

/**
 * 200,000 events, each of a user never seen before, into one tumbling window
 * of a view that holds at most 1,000 groups per window and partition: the
 * aggregator's open state never passes the limit plus the overflow group, and
 * the serving view shows 1,000 real groups and one `__other__` row holding
 * the rest, so the counts over all groups add up to the events sent.
 */
describe('a unique-key flood into one window', () => {
  const name = uniqueName('flood');
  const config = pipeline(name);
  const metrics = new MetricsRegistry();
  let clickhouse: ClickHouse;
  let largestState = 0;

  beforeAll(async () => {
    const kafka = createKafka(config.kafka, silentLogger, { logLevel: 'error' });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: `${name}.events`, partitions: 1 }]);
    const windowStart = Math.floor((Date.now() - 60 * 60_000) / 60_000) * 60_000;
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let from = 0; from < EVENTS; from += 5_000) {
      const messages = Array.from({ length: Math.min(5_000, EVENTS - from) }, (_, index) => {
        const event = { user_id: `flood-${from + index}`, ts: windowStart + ((from + index) % 60_000) };
        return { key: event.user_id, partition: 0, value: JSON.stringify(event) };
      });
      await producer.send({ topic: `${name}.events`, acks: -1, messages });
    }
    await producer.disconnect();

    clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const aggregator = new Aggregator({ config, kafka, logger: silentLogger, metrics });
    const sink = new ServingSink({ config, kafka, storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await sink.start();
    await aggregator.start();
    const entries = metrics.gauge('sluice_aggregator_state_entries', '');
    const eventsIn = metrics.counter('sluice_aggregator_events_total', '');
    const finals = metrics.counter('sluice_aggregator_results_total', '');
    await waitFor(
      () => {
        // Sampled at every flush's gauge update the poll sees: the open (window, group) states of the one partition.
        largestState = Math.max(largestState, entries.get({ view: 'per_user' }));
        return eventsIn.get({ topic: `${name}.events` }) === EVENTS && finals.get({ view: 'per_user', kind: 'final' }) > 0 && entries.get({ view: 'per_user' }) === 0;
      },
      { timeoutMs: 150_000, intervalMs: 20, what: 'every event read and the window closed' },
    );
    await aggregator.stop();
    await waitFor(() => caughtUp(admin, `${name}-sink`, config.kafka.topics.results), { timeoutMs: 60_000, what: 'sink to commit every result' });
    await sink.stop();
    await admin.disconnect();
  });

  afterAll(async () => {
    await clickhouse?.close();
  });

  it('holds at most maxGroupsPerWindow groups plus the overflow group', () => {
    expect(largestState).toBeGreaterThan(0);
    expect(largestState).toBeLessThanOrEqual(MAX_GROUPS + 1);
    expect(metrics.counter('sluice_aggregator_overflow_events_total', '').get({ view: 'per_user' })).toBe(EVENTS - MAX_GROUPS);
  });

  it('serves the limit of real groups and one __other__ row, with every event counted once', async () => {
    const served = await (
      await clickhouse.client.query({ query: `SELECT user_id, toUInt64(events) AS events FROM ${qualifiedName(name, 'per_user')}`, format: 'JSONEachRow' })
    ).json<{ user_id: string; events: string }>();
    const overflow = served.filter((row) => row.user_id === OVERFLOW_GROUP_VALUE);
    expect(served).toHaveLength(MAX_GROUPS + 1);
    expect(overflow.map((row) => Number(row.events))).toEqual([EVENTS - MAX_GROUPS]);
    expect(served.reduce((sum, row) => sum + Number(row.events), 0)).toBe(EVENTS);
  });
});
