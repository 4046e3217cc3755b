import { createKafka } from '@sluice/kafka';
import { MetricsRegistry, periodStartOf, qualifiedName, rawTableName, silentLogger } from '@sluice/core';
import { Compactor } from '@sluice/compactor';
import { generateEvents } from '@sluice/producer';
import { computeTruth } from '@sluice/testkit';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { readAllRecords, testKafka } from '../../../test/support/kafka';
import { waitFor } from '../../../test/support/wait-for';
import { batchRowsAgainstTruth, finalPeriods, openClickHouse, scalar, sendRecords, testPipeline } from './support/compactor-fixture';

const START = Date.UTC(2026, 0, 7, 9, 0, 0);
const PARTITIONS = 3;
jest.setTimeout(180_000);

/** Event times no layer may take, as a foreign producer (not ingest) writes them: one of each per partition. */
const OUT_OF_RANGE = [
  ['future', '"2100-01-01T00:00:00Z"'],
  ['pre1970', String(-86_400_000)],
  ['huge', '1e21'],
] as const;

/**
 * Records far ahead, before 1970 or unrepresentable, written straight into
 * the source topic ahead of normal traffic, must be dead-lettered with
 * event_time_out_of_range and never land: the landed maximum (and so the
 * periods the compactor closes) stays where the normal events put it.
 */
describe('compactor: event times out of range from a foreign producer', () => {
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;

  afterEach(async () => {
    await compactor?.stop();
    await clickhouse?.close();
  });

  it('dead-letters them, lands the rest exactly and closes no period past the real events', async () => {
    const { config } = await testPipeline(PARTITIONS);
    const run = generateEvents(config, { events: 1_000, rate: 1_000, timeStepMs: 400, late: 0, duplicates: 0, outOfOrder: 0.05, seed: 29, startMs: START });
    const truth = computeTruth(config, run);
    const hostile = Array.from({ length: PARTITIONS }, (_, partition) =>
      OUT_OF_RANGE.map(([kind, ts]) => ({ partition, key: `${kind}-${partition}`, value: `{"event_id":"${kind}-${partition}","user_id":"x${partition}","ts":${ts},"type":"page_view","page":"/"}` })),
    ).flat();
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic: config.sources['events']!.topic, messages: hostile }).finally(() => producer.disconnect());

    clickhouse = await openClickHouse(config);
    const client = clickhouse.client;
    const metrics = new MetricsRegistry();
    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics });
    await compactor.start();
    await sendRecords(config, run.records);

    const raw = qualifiedName(config.clickhouse.database, rawTableName('events'));
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw} FINAL`)) === run.records.length, { what: 'the normal records landed' });
    const { actual, expected } = await batchRowsAgainstTruth(client, config, truth.views);
    expect(actual).toEqual(expected);
    expect(await scalar(client, `SELECT count() FROM ${raw}`)).toBe(run.records.length);

    const dead = await readAllRecords(config.kafka.topics.deadLetter);
    expect(dead.map((record) => String(record.key)).sort()).toEqual(hostile.map((record) => record.key).sort());
    for (const record of dead) expect(String(record.headers['sluice-reason'])).toMatch(/^event_time_out_of_range: ts /);
    expect(metrics.counter('sluice_compactor_dead_letters_total', '').get({ source: 'events' })).toBe(hostile.length);

    // The 2100 records would have made every partition's landed maximum 2100 and closed period after period towards it.
    expect(metrics.gauge('sluice_compactor_watermark_ms', '').get({ source: 'events' })).toBeLessThanOrEqual(Date.now());
    const lastEvent = Math.max(...run.records.map((record) => record.event['ts'] as number));
    for (const view of config.views) {
      const beyond = [...(await finalPeriods(client, config, view))].filter((period) => period > periodStartOf(view, lastEvent));
      expect({ view: view.name, beyond }).toEqual({ view: view.name, beyond: [] });
    }
  });
});
