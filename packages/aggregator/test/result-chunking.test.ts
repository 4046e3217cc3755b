import { MetricsRegistry, parsePipeline, silentLogger, type PipelineConfig } from '@sluice/core';
import { Aggregator } from '../src';
import { readAllRecords, testBrokers, testKafka, type TestRecord } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { everyWindowClosed } from './support/every-window-closed';
import { mergeFinals, readResults, type MergedRow } from './support/final-results';

jest.setTimeout(240_000);

/** The results and dead-letter topics take records of at most this many bytes; Kafka's default is 16 times more. */
const RECORD_LIMIT = 64 * 1024;
const USERS = 48_000;
/** Users on the page whose distinct count grows past what one record holds. */
const CROWDED_PAGE_USERS = 40_000;
const PARTITIONS = 2;

function pipeline(name: string): PipelineConfig {
  return parsePipeline(
    `
name: ${name}
kafka: { brokers: ${JSON.stringify(testBrokers())}, clientId: ${name}, topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq } }
aggregator: { opsPort: 0, updateInterval: 500, maxOutOfOrderness: 2000, idleTimeout: 1500, commitInterval: 1000 }
sources:
  events: { topic: ${name}.events, key: user_id, timestamp: ts, partitions: ${PARTITIONS} }
views:
  - name: per_user
    source: events
    window: { type: tumbling, size: 10s }
    groupBy: [user_id]
    measures: { events: count }
  - name: per_page
    source: events
    window: { type: tumbling, size: 10s }
    groupBy: [page]
    measures: { events: count, users: uniq(user_id) }
`,
    { env: {}, origin: 'result-chunking' },
  );
}

/**
 * A burst of many groups into one window, against a results topic whose
 * max.message.bytes is 64 KiB: the aggregator reads the limit from the broker
 * and cuts its result records below it, and a row that alone is larger (the
 * uniq state of a page with many users) is dead-lettered while the rest land.
 */
describe('result records below the broker record size limit', () => {
  const name = uniqueName('agg_chunks');
  const config = pipeline(name);
  const metrics = new MetricsRegistry();
  const windowStart = Math.floor((Date.now() - 60 * 60_000) / 10_000) * 10_000;
  let aggregator: Aggregator;
  let results: TestRecord[];
  let finals: MergedRow[];
  let deadLetters: TestRecord[];

  beforeAll(async () => {
    const kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    const limited = [{ name: 'max.message.bytes', value: String(RECORD_LIMIT) }];
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: `${name}.events`, numPartitions: PARTITIONS, replicationFactor: 1 },
        { topic: config.kafka.topics.results, numPartitions: PARTITIONS, replicationFactor: 1, configEntries: limited },
        { topic: config.kafka.topics.deadLetter, numPartitions: PARTITIONS, replicationFactor: 1, configEntries: limited },
      ],
    });
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const events = Array.from({ length: USERS }, (_, index) => ({
      user_id: `user-${index}`,
      page: index < CROWDED_PAGE_USERS ? 'crowded' : `page-${index % 50}`,
      ts: windowStart + (index % 10_000),
    }));
    for (let from = 0; from < events.length; from += 2_000) {
      const messages = events.slice(from, from + 2_000).map((event, index) => ({ key: event.user_id, partition: (from + index) % PARTITIONS, value: JSON.stringify(event) }));
      await producer.send({ topic: `${name}.events`, acks: -1, messages });
    }
    await producer.disconnect();

    aggregator = new Aggregator({ config, kafka, logger: silentLogger, metrics });
    await aggregator.start();
    // A failed produce fails the aggregator: say so at once rather than wait for windows that never close.
    const closed = everyWindowClosed(metrics, config, `${name}.events`, USERS, { timeoutMs: 180_000 }).then(() => undefined);
    const outcome = await Promise.race([closed, aggregator.done]);
    if (outcome !== undefined) {
      void closed.catch((error: unknown) => error);
      await aggregator.stop();
      throw new Error(`the aggregator ${outcome.state} before every window closed: ${outcome.state === 'failed' ? outcome.error.message : ''}`);
    }
    await aggregator.stop();
    results = await readAllRecords(config.kafka.topics.results);
    finals = mergeFinals(config, await readResults(config));
    deadLetters = await readAllRecords(config.kafka.topics.deadLetter);
  });

  it('stops cleanly: no produce failed', async () => {
    expect(await aggregator.done).toEqual({ state: 'stopped' });
  });

  it('cuts every result record below the limit, and every group of the burst arrives', () => {
    expect(results.length).toBeGreaterThan(0);
    for (const record of results) expect(record.value!.length).toBeLessThan(RECORD_LIMIT);
    const perUser = finals.filter((row) => row.view === 'per_user');
    expect(perUser).toHaveLength(USERS);
    expect(new Set(perUser.map((row) => row.group[0])).size).toBe(USERS);
    expect(perUser.every((row) => row.measures['events'] === 1 && row.windowStart === windowStart)).toBe(true);
    const pages = finals.filter((row) => row.view === 'per_page');
    expect(pages.map((row) => row.group[0]).sort()).toEqual(Array.from({ length: 50 }, (_, index) => `page-${index}`).sort());
    expect(pages.reduce((sum, row) => sum + row.measures['events']!, 0)).toBe(USERS - CROWDED_PAGE_USERS);
  });

  it('dead-letters the row too large for any record with its reason, view, window and group', () => {
    expect(deadLetters.length).toBeGreaterThan(0);
    const finalLetters = deadLetters.filter((record) => (JSON.parse(String(record.value)) as { kind: string }).kind === 'final');
    expect(finalLetters).toHaveLength(PARTITIONS);
    for (const record of deadLetters) {
      expect(String(record.headers['sluice-reason'])).toBe('result_row_too_large');
      expect(String(record.headers['sluice-view'])).toBe('per_page');
      expect(String(record.headers['sluice-window-start'])).toBe(String(windowStart));
      expect(String(record.headers['sluice-window-end'])).toBe(String(windowStart + 10_000));
      expect(String(record.headers['sluice-group'])).toBe('["crowded"]');
      expect(String(record.headers['sluice-topic'])).toBe(`${name}.events`);
    }
    expect(new Set(finalLetters.map((record) => String(record.headers['sluice-partition'])))).toEqual(new Set(['0', '1']));
    expect(metrics.counter('sluice_aggregator_oversized_results_total', '').get({ view: 'per_page' })).toBe(deadLetters.length);
  });
});
