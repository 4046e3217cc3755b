import type { ClickHouseClient } from '@clickhouse/client';
import { createKafka } from '@sluice/kafka';
import { batchTableName, finalTableName, MetricsRegistry, qualifiedName, silentLogger, speedTableName, type PipelineConfig, type ViewDefinition } from '@sluice/core';
import { Compactor, ensureCompactorTables, recomputeRange } from '@sluice/compactor';
import { generateEvents } from '@sluice/producer';
import { computeTruth, type TruthRow } from '@sluice/testkit';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { waitFor } from '../../../test/support/wait-for';
import { normalized, openClickHouse, scalar, sendRecords, testPipeline } from './support/compactor-fixture';
import { writeSpeedRows } from './support/speed-rows';

jest.setTimeout(180_000);
const START = Date.UTC(2026, 1, 2, 8, 0, 0);
const PAGES_VIEW = `
  - name: pages
    source: events
    where: { type: page_view }
    window: { type: tumbling, size: 1m }
    lateness: 5s
    period: 10m
    groupBy: [page, country]
    measures: { views: count, total_ms: sum(latency_ms), max_ms: max(latency_ms) }
`;

/** Every row the serving view answers, as truth rows. */
async function servingRows(client: ClickHouseClient, config: PipelineConfig, view: ViewDefinition): Promise<TruthRow[]> {
  const result = await client.query({
    query: `SELECT *, toUnixTimestamp64Milli(window_start) AS ws, toUnixTimestamp64Milli(window_end) AS we FROM ${qualifiedName(config.clickhouse.database, view.name)}`,
    format: 'JSONEachRow',
  });
  return (await result.json<Record<string, unknown>>()).map((row) => ({
    windowStart: Number(row['ws']),
    windowEnd: Number(row['we']),
    group: view.groupBy.map((field) => String(row[field])),
    measures: Object.fromEntries(view.measures.map((m) => [m.name, row[m.name] === null ? null : Number(row[m.name])])),
  }));
}

describe('compactor: retention of speed rows and batch generations', () => {
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;

  afterEach(async () => {
    await compactor?.stop();
    await clickhouse?.close();
  });

  it('drops speed rows of periods final for longer than speedAfterFinal and superseded generations, and the serving view stays the truth', async () => {
    const { config } = await testPipeline(3, 'embedded:memory', { views: PAGES_VIEW, retention: '{ speedAfterFinal: 1s, batchGenerations: 0 }' });
    const view = config.views[0] as ViewDefinition;
    const run = generateEvents(config, { events: 1_200, rate: 1_000, timeStepMs: 500, late: 0, duplicates: 0, outOfOrder: 0, seed: 14, startMs: START });
    const truth = computeTruth(config, run).views[view.name];
    clickhouse = await openClickHouse(config);
    const { client } = clickhouse;
    const db = config.clickhouse.database;
    const speed = qualifiedName(db, speedTableName(view.name));
    const batch = qualifiedName(db, batchTableName(view.name));
    const final = qualifiedName(db, finalTableName(view.name));
    await ensureCompactorTables(clickHouseStorage(clickhouse).schema, db, config);
    await writeSpeedRows(client, config, view, truth?.speedRows ?? [], run.records);
    // A speed row of a period batch cannot have made final (no event reaches it): retention must leave it.
    const future = START + 30 * 86_400_000;
    await client.command({
      query: `INSERT INTO ${speed} (window_start, window_end, page, country, partition, version, is_deleted, final, views__count) VALUES (fromUnixTimestamp64Milli(toInt64(${future}), 'UTC'), fromUnixTimestamp64Milli(toInt64(${future + 60_000}), 'UTC'), '/open', 'XX', 0, 1, 0, 0, 1)`,
    });
    const speedRowsWritten = await scalar(client, `SELECT count() FROM ${speed}`);
    expect(speedRowsWritten).toBeGreaterThan(1);

    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await compactor.start();
    await sendRecords(config, run.records);
    const expected = normalized(truth?.rows ?? []);
    const finalRows = async () => normalized((await servingRows(client, config, view)).filter((row) => row.windowStart < future));
    await waitFor(async () => JSON.stringify(await finalRows()) === JSON.stringify(expected), { what: 'the serving view equals the truth', timeoutMs: 120_000 });
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${speed}`)) === 1, { what: 'speed rows of final periods dropped', timeoutMs: 120_000 });
    expect(await scalar(client, `SELECT count() FROM ${speed} WHERE page = '/open'`)).toBe(1);
    expect(await finalRows()).toEqual(expected);

    // A recomputation supersedes every generation: a compactor's sweep drops the older ones.
    await compactor.stop();
    const first = run.records[0]?.event['ts'] as number;
    const last = run.records[run.records.length - 1]?.event['ts'] as number;
    const periods = await scalar(client, `SELECT uniqExact(period_start) FROM ${final}`);
    // Without a retention store the recomputation leaves its superseded generations to the sweep.
    const storage = clickHouseStorage(clickhouse);
    await recomputeRange({ progress: storage.progress, batch: storage.batch, logger: silentLogger }, view, first, last);
    expect(await scalar(client, `SELECT uniqExact(period_start, generation) FROM ${batch}`)).toBeGreaterThan(periods);
    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await compactor.start();
    await waitFor(async () => (await scalar(client, `SELECT uniqExact(period_start, generation) FROM ${batch}`)) === periods, { what: 'superseded generations dropped', timeoutMs: 120_000 });
    expect(await finalRows()).toEqual(expected);
  });
});
