import { isDeepStrictEqual } from 'node:util';
import { createKafka } from '@sluice/kafka';
import { MetricsRegistry, qualifiedName, rawTableName, silentLogger, type ViewDefinition } from '@sluice/core';
import { Compactor, ensureCompactorTables, reconcileReport, recomputeRange } from '@sluice/compactor';
import { generateEvents, type GeneratedEvent } from '@sluice/producer';
import { computeTruth } from '@sluice/testkit';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { waitFor } from '../../../test/support/wait-for';
import { finalBatchRows, normalized, openClickHouse, scalar, sendRecords, testPipeline } from './support/compactor-fixture';
import { writeSpeedRows } from './support/speed-rows';

jest.setTimeout(180_000);
const START = Date.UTC(2026, 1, 2, 8, 0, 0);

describe('compactor: reconciliation, serving view and recompute', () => {
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;

  afterEach(async () => {
    await compactor?.stop();
    await clickhouse?.close();
  });

  it('shows zero difference for in-order data, serves batch rows, and recompute changes nothing or fixes new late events', async () => {
    const { config } = await testPipeline(3);
    const run = generateEvents(config, { events: 1_500, rate: 1_000, timeStepMs: 500, late: 0, duplicates: 0, outOfOrder: 0, seed: 5, startMs: START });
    const truth = computeTruth(config, run);
    clickhouse = await openClickHouse(config);
    const client = clickhouse.client;
    const db = config.clickhouse.database;
    await ensureCompactorTables(clickHouseStorage(clickhouse).schema, db, config);
    for (const view of config.views) await writeSpeedRows(client, config, view, truth.views[view.name]?.speedRows ?? [], run.records);

    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await compactor.start();
    await sendRecords(config, run.records);
    for (const view of config.views) await expectBatchEqualsTruth(view, truth.views[view.name]?.rows ?? []);

    // Speed rows built by the speed layer's own aggregates from the same events: nothing differs
    // but the quantile sketch's bounded relative error.
    for (const view of config.views) {
      const report = await reconcileReport(clickHouseStorage(clickhouse).reader, db, view);
      expect(report.map((line) => line.measure).sort()).toEqual(view.measures.map((m) => m.name).sort());
      for (const line of report) {
        expect(line.windows).toBe(truth.views[view.name]?.rows.length);
        expect(line.missing_in_batch + line.missing_in_speed).toBe(0);
        expect(line.late_share).toBe(0);
        expect(line.duplicate_share).toBe(0);
        const kind = view.measures.find((m) => m.name === line.measure)?.kind;
        if (kind === 'quantile') expect(Math.abs(line.speed_total - line.batch_total)).toBeLessThanOrEqual(0.02 * Math.abs(line.batch_total));
        else expect({ measure: line.measure, differing: line.windows_differing }).toEqual({ measure: line.measure, differing: 0 });
      }
      // Every period is final, so the serving view shows batch rows only.
      expect(await scalar(client, `SELECT countIf(source = 'batch') FROM ${qualifiedName(db, view.name)}`)).toBe(truth.views[view.name]?.rows.length);
      expect(await scalar(client, `SELECT countIf(source = 'speed') FROM ${qualifiedName(db, view.name)}`)).toBe(0);
    }
    await compactor.stop();
    compactor = undefined;

    // Recomputing a range that is final already changes nothing but the generation.
    const context = { ...clickHouseStorage(clickhouse), logger: silentLogger };
    const first = run.records[0]?.event['ts'] as number;
    const last = run.records[run.records.length - 1]?.event['ts'] as number;
    for (const view of config.views) {
      const before = normalized(await finalBatchRows(client, config, view));
      await recomputeRange(context, view, first - 600_000, last + 600_000);
      expect(normalized(await finalBatchRows(client, config, view))).toEqual(before);
    }

    // Late events that landed without the compactor running: recompute brings batch back to the truth.
    const extra = lateCopies(run.records.slice(100, 160), 'extra');
    await insertRaw(config.clickhouse.database, extra);
    const newTruth = computeTruth(config, { source: run.source, records: [...run.records, ...extra] });
    const pages = config.views.find((view) => view.name === 'pages') as ViewDefinition;
    expect(normalized(await finalBatchRows(client, config, pages))).not.toEqual(normalized(newTruth.views['pages']?.rows ?? []));
    const progress: string[] = [];
    for (const view of config.views) {
      await recomputeRange(context, view, first, last, (done, total) => progress.push(`${done}/${total}`));
      expect(normalized(await finalBatchRows(client, config, view))).toEqual(normalized(newTruth.views[view.name]?.rows ?? []));
    }
    expect(progress).toEqual(expect.arrayContaining(['0/2', '2/2', '0/3', '3/3']));

    // Superseded generations are deleted after the switch.
    for (const view of config.views) {
      const batch = qualifiedName(db, `${view.name}__batch`);
      await waitFor(async () => (await scalar(client, `SELECT count() FROM (SELECT period_start FROM ${batch} GROUP BY period_start HAVING uniqExact(generation) > 1)`)) === 0, {
        what: `${view.name} keeps one generation per period`,
      });
    }

    async function expectBatchEqualsTruth(view: ViewDefinition, rows: Parameters<typeof normalized>[0]): Promise<void> {
      const expected = normalized(rows);
      const actual = await waitFor(
        async () => {
          const found = normalized(await finalBatchRows(client, config, view));
          return isDeepStrictEqual(found, expected) ? found : undefined;
        },
        { what: `${view.name} batch rows equal to the truth` },
      ).catch(async () => normalized(await finalBatchRows(client, config, view)));
      expect(actual).toEqual(expected);
    }

    async function insertRaw(database: string, records: readonly GeneratedEvent[]): Promise<void> {
      await client.insert({
        table: qualifiedName(database, rawTableName('events')),
        values: records.map((record, index) => ({
          event_time: record.event['ts'],
          event_id: record.event['event_id'],
          event_key: record.key,
          kafka_partition: 99,
          kafka_offset: index,
          landed_watermark: 0,
          raw: JSON.stringify(record.event),
        })),
        format: 'JSONEachRow',
      });
    }
  });
});

/** Copies of records with new ids, so they count as new events of the same windows. */
function lateCopies(records: readonly GeneratedEvent[], prefix: string): GeneratedEvent[] {
  return records.map((record, index) => ({ ...record, kind: 'late', event: { ...record.event, event_id: `${prefix}-${index}` } }));
}
