import { MetricsRegistry, qualifiedName, rawTableName, silentLogger } from '@sluice/core';
import { Compactor } from '@sluice/compactor';
import { createKafka } from '@sluice/kafka';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { readAllRecords, testKafka } from '../../../test/support/kafka';
import { waitFor } from '../../../test/support/wait-for';
import { openClickHouse, scalar, testPipeline } from './support/compactor-fixture';

jest.setTimeout(180_000);

/** A page view `ms` after `base`, as JSON text. */
function pageView(id: string, at: number): string {
  return JSON.stringify({ event_id: id, user_id: `u-${id}`, type: 'page_view', page: '/home', country: 'de', latency_ms: 12, ts: at });
}

/**
 * Rows the raw table cannot hold: an event id that is a lone UTF-16 surrogate
 * (JSON.parse takes the escape, ClickHouse's JSON input does not) and an
 * event time written as 1e21. The source codec refuses both before the
 * insert; a row it let through would be isolated by halving the refused
 * batch instead (land-range.test.ts, and storage-ports.test.ts for the refusal
 * itself), with the same outcome checked here: only that row is lost.
 */
describe('compactor: a row the raw table cannot hold', () => {
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;

  afterAll(async () => {
    await compactor?.stop();
    await clickhouse?.close();
  });

  it('is dead-lettered with its origin, its neighbours land, and the compactor keeps landing', async () => {
    const { config } = await testPipeline(1, 'embedded:memory');
    const topic = config.sources['events']!.topic;
    const now = Date.now();
    const good = Array.from({ length: 40 }, (_, index) => pageView(`good-${index}`, now - 60_000 + index));
    const surrogate = `{"event_id":"bad-\\ud800","user_id":"u-bad","type":"page_view","page":"/home","country":"de","latency_ms":1,"ts":${now - 30_000}}`;
    const hugeTime = `{"event_id":"bad-1e21","user_id":"u-bad","type":"page_view","page":"/home","country":"de","latency_ms":1,"ts":1e21}`;
    expect(JSON.parse(surrogate).event_id).toBe('bad-\ud800');
    const values = [...good.slice(0, 13), surrogate, ...good.slice(13, 29), hugeTime, ...good.slice(29)];

    const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: 'k', value })) });

    clickhouse = await openClickHouse(config);
    const client = clickhouse.client;
    const metrics = new MetricsRegistry();
    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics });
    await compactor.start();

    const raw = qualifiedName(config.clickhouse.database, rawTableName('events'));
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw}`)) === good.length, { what: 'every good row landed' });
    const dead = await waitFor(
      async () => {
        const records = await readAllRecords(config.kafka.topics.deadLetter).catch(() => []);
        return records.length >= 2 ? records : undefined;
      },
      { what: 'both refused rows dead-lettered' },
    );
    expect(dead.map((record) => ({ value: String(record.value), topic: String(record.headers['sluice-topic']), partition: String(record.headers['sluice-partition']), offset: String(record.headers['sluice-offset']) }))).toEqual([
      { value: surrogate, topic, partition: '0', offset: '13' },
      { value: hugeTime, topic, partition: '0', offset: '30' },
    ]);
    expect(String(dead[0]!.headers['sluice-reason'])).toMatch(/lone UTF-16 surrogate/);
    expect(String(dead[1]!.headers['sluice-reason'])).toMatch(/^event_time_out_of_range/);

    // Offsets moved past the refused rows: later records land too, and the compactor never failed.
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: pageView('after', now) }] });
    await producer.disconnect();
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw}`)) === good.length + 1, { what: 'the record after the refused ones landed' });
    expect(compactor.state).toBe('running');
    expect(compactor.healthy()).toBe(true);
    expect(compactor.details()).toMatchObject({ state: 'running', progress: 'ok' });
    expect(metrics.render()).toMatch(/sluice_compactor_dead_letters_total\{source="events"\} 2/);
  });
});
