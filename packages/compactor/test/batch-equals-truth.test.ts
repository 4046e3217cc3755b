import { createKafka } from '@sluice/kafka';
import { MetricsRegistry, createLogger, qualifiedName, rawTableName, silentLogger, type ViewDefinition } from '@sluice/core';
import { Compactor, ensureCompactorTables, reconcileReport } from '@sluice/compactor';
import { generateEvents } from '@sluice/producer';
import { computeTruth, type TruthRow } from '@sluice/testkit';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { startOpsServer, type OpsServer } from '@sluice/runtime';
import { waitFor } from '../../../test/support/wait-for';
import { batchRowsAgainstTruth, finalPeriods, openClickHouse, scalar, sendRecords, testPipeline } from './support/compactor-fixture';
import { writeSpeedRows } from './support/speed-rows';

const START = Date.UTC(2026, 0, 5, 10, 3, 0);
jest.setTimeout(180_000);
const logger = createLogger({ module: 'test', sink: (entry) => process.stderr.write(`${JSON.stringify(entry)}\n`), level: (process.env['TEST_LOG_LEVEL'] as 'info' | undefined) ?? 'warn' });

describe('compactor: batch rows equal the truth', () => {
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;
  let opsServer: OpsServer | undefined;

  afterEach(async () => {
    await compactor?.stop();
    await opsServer?.close();
    await clickhouse?.close();
  });

  it('lands every record once, makes every period final, and reopens periods for late events', async () => {
    const { config } = await testPipeline(3);
    const run = generateEvents(config, { events: 3_000, rate: 1_000, timeStepMs: 400, late: 0.03, duplicates: 0.03, outOfOrder: 0.05, seed: 11, startMs: START });
    const truth = computeTruth(config, run);
    clickhouse = await openClickHouse(config);
    const client = clickhouse.client;
    // The speed layer's view of the same stream: duplicates counted twice, the late events missed.
    await ensureCompactorTables(clickHouseStorage(clickhouse).schema, config.clickhouse.database, config);
    const seenBySpeed = run.records.filter((record) => record.kind !== 'late');
    for (const view of config.views) await writeSpeedRows(client, config, view, truth.views[view.name]?.speedRows ?? [], seenBySpeed);
    const registry = new MetricsRegistry();
    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger, metrics: registry });
    // The endpoints `sluice compact` serves through runWorker, over the compactor's own health.
    opsServer = await startOpsServer({ port: 0, metrics: registry, probe: compactor });
    await compactor.start();

    // On-time records first: every period closes; the late ones then land in final periods and reopen them.
    const onTime = run.records.filter((record) => record.kind !== 'late');
    const late = run.records.filter((record) => record.kind === 'late');
    expect(late.length).toBeGreaterThan(0);
    await sendRecords(config, onTime);
    const raw = qualifiedName(config.clickhouse.database, rawTableName('events'));
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw} FINAL`)) === onTime.length, { what: 'on-time records landed' });
    const onTimeTruth = computeTruth(config, { source: run.source, records: onTime });
    for (const view of config.views) {
      const periods = new Set(onTimeTruth.views[view.name]?.rows.map((row) => Math.floor(row.windowStart / view.periodMs) * view.periodMs));
      await waitFor(async () => {
        const final = await finalPeriods(client, config, view);
        return [...periods].every((period) => final.has(period));
      }, { what: `${view.name} periods final` });
    }

    await sendRecords(config, late);
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw} FINAL`)) === run.records.length, { what: 'late records landed' });
    expect(await scalar(client, `SELECT count() FROM ${raw}`)).toBe(run.records.length);
    expect(await scalar(client, `SELECT uniqExact(kafka_partition, kafka_offset) FROM ${raw}`)).toBe(run.records.length);

    const { actual, expected } = await batchRowsAgainstTruth(client, config, truth.views);
    expect(actual).toEqual(expected);

    // The serving view shows batch rows for every (final) period, and the report shows what speed got wrong.
    const pages = config.views.find((view) => view.name === 'pages') as ViewDefinition;
    const db = config.clickhouse.database;
    expect(await scalar(client, `SELECT countIf(source = 'batch') FROM ${qualifiedName(db, 'pages')}`)).toBe(truth.views['pages']?.rows.length);
    expect(await scalar(client, `SELECT countIf(source = 'speed') FROM ${qualifiedName(db, 'pages')}`)).toBe(0);
    const views = (await reconcileReport(clickHouseStorage(clickhouse).reader, db, pages)).find((line) => line.measure === 'views');
    const total = (rows: readonly TruthRow[] | undefined) => (rows ?? []).reduce((sum, row) => sum + (row.measures['views'] ?? 0), 0);
    expect(views).toMatchObject({ batch_total: total(truth.views['pages']?.rows), speed_total: total(truth.views['pages']?.speedRows) });
    expect(views?.windows_differing).toBeGreaterThan(0);
    expect(views?.duplicate_share).toBeGreaterThan(0);
    expect(views?.late_share).toBeGreaterThan(0);

    const ops = `http://127.0.0.1:${opsServer.port}`;
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    const metrics = await waitFor(async () => {
      const text = await (await fetch(`${ops}/metrics`)).text();
      return text.includes('sluice_compactor_dirty_periods{view="pages"} 0') ? text : undefined;
    }, { what: 'no dirty periods on /metrics' });
    expect(metrics).toContain(`sluice_compactor_events_landed_total{source="events"} ${run.records.length}`);
    expect(metrics).toMatch(/sluice_compactor_periods_finalized_total\{view="visits"\} [1-9]/);
    expect(metrics).toContain('sluice_compactor_recompute_seconds_count{view="pages"}');
    expect(metrics).toContain('sluice_compactor_dirty_periods{view="pages"} 0');
  });
});
