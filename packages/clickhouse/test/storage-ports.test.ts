import { clickHouseStorage, ClickHouseOperationError, createClickHouse, type ClickHouse, type ClickHouseStorage } from '@sluice/clickhouse';
import {
  createDirtyTableSql,
  createFinalTableSql,
  createProgressTableSql,
  createRawTableSql,
  createSpeedTableSql,
  parsePipeline,
  qualifiedName,
  viewLayoutComment,
  type RawRow,
  type ViewDefinition,
} from '@sluice/core';
import { uniqueName } from '../../../test/support/unique-name';

const config = parsePipeline(
  `
sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - { name: pages, source: events, window: { type: tumbling, size: 1m }, period: 10m, groupBy: [page], measures: { n: count } }
`,
  { env: {}, origin: 'test' },
);
const view = config.views[0] as ViewDefinition;
const source = config.sources['events'] as (typeof config.sources)[string];

function rawRow(offset: number, eventTime: number): RawRow {
  return { event_time: eventTime, event_id: `e${offset}`, event_key: 'u1', kafka_partition: 0, kafka_offset: String(offset), landed_watermark: 0, raw: '{}' };
}

describe('the storage ports over embedded ClickHouse', () => {
  const database = uniqueName('ports');
  let clickhouse: ClickHouse;
  let storage: ClickHouseStorage;

  beforeAll(async () => {
    clickhouse = await createClickHouse({ url: 'embedded:memory', database }, { ensureDatabase: true });
    storage = clickHouseStorage(clickhouse);
    await storage.schema.apply([
      createRawTableSql(database, source, 0),
      createProgressTableSql(database, source.name),
      createSpeedTableSql(database, view, viewLayoutComment(view)),
      createFinalTableSql(database, view),
      createDirtyTableSql(database, view.name),
    ]);
  });

  afterAll(async () => {
    await clickhouse.close();
  });

  it('reads back the tables it created, with their sorting keys', async () => {
    const tables = await storage.schema.tables();
    expect([...tables.keys()].sort()).toEqual(['events__raw', 'events__raw_progress', 'pages__dirty', 'pages__final', 'pages__speed']);
    expect(tables.get('events__raw')?.sortingKey).toEqual(['event_time', 'kafka_partition', 'kafka_offset']);
    expect(await storage.schema.exists('pages__speed')).toBe(true);
    expect(await storage.schema.exists('pages')).toBe(false);
  });

  it('keeps the newest record of a partition, an intent replaced by its landing', async () => {
    const intent = { partition: 0, nextOffset: '10', pendingLast: '19', maxEventTime: 5_000, lastRecordAt: 100, version: 1 };
    await storage.progress.recordPartitions(source.name, [intent, { ...intent, partition: 1, pendingLast: '-1', version: 2 }]);
    await storage.progress.recordPartitions(source.name, [{ ...intent, nextOffset: '20', pendingLast: '-1', maxEventTime: 7_000, version: 3 }]);
    const partitions = (await storage.progress.partitions(source.name)).sort((a, b) => a.partition - b.partition);
    expect(partitions).toEqual([
      { partition: 0, nextOffset: '20', pendingLast: '-1', maxEventTime: 7_000, lastRecordAt: 100, version: 3 },
      { partition: 1, nextOffset: '10', pendingLast: '-1', maxEventTime: 5_000, lastRecordAt: 100, version: 2 },
    ]);
    expect(await storage.progress.maxLandedEventTime(source.name)).toBe(7_000);
  });

  it('lands an offset range once, however often it is landed', async () => {
    const landing = { source, partition: 0, firstOffset: '0', lastOffset: '1', rows: [rawRow(0, 1_700_000_000_000), rawRow(1, 1_700_000_060_000)] };
    await storage.raw.land(landing);
    await storage.raw.land(landing);
    const [row] = await storage.reader.rows(`SELECT count() AS n FROM ${qualifiedName(database, 'events__raw')}`);
    expect(Number(row?.['n'])).toBe(2);
    expect(await storage.raw.earliestEventTime(source.name)).toBe(1_700_000_000_000);
  });

  it('records final periods and the newest generation', async () => {
    expect(await storage.progress.latestGeneration(view.name)).toBe(0);
    await storage.progress.recordFinal(view.name, { periods: [0, 600_000], generation: 7, finalizedAt: 1 });
    expect(await storage.progress.latestGeneration(view.name)).toBe(7);
    expect((await storage.progress.finalAmong(view.name, [600_000, 1_200_000])).sort()).toEqual([600_000]);
  });

  it('keeps a dirty mark made at or after the time a clear is as of', async () => {
    await storage.progress.markDirty(view.name, [0, 600_000], 10);
    await storage.progress.clearDirty(view.name, [0], 10);
    expect(await storage.progress.dirtyPeriods(view.name)).toEqual([0, 600_000]);
    await storage.progress.clearDirty(view.name, [0], 11);
    expect(await storage.progress.dirtyPeriods(view.name)).toEqual([600_000]);
  });

  it('reports speed rows refused for their bytes as an outcome, and other failures as errors', async () => {
    const outcome = await storage.speedTables.insert(view, [Uint8Array.from([1, 2, 3])]);
    expect(outcome).toEqual({ type: 'refused', reason: expect.stringMatching(/^ClickHouse refused the row: /) as unknown as string });
    const missing = clickHouseStorage({ client: clickhouse.client, database: uniqueName('missing') });
    const failure = await missing.speedTables.insert(view, [Uint8Array.from([1])]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClickHouseOperationError);
    expect((failure as ClickHouseOperationError).retriable).toBe(false);
  });

  it('reports raw rows refused for their content as an outcome, and a missing table as an error', async () => {
    // JSON.parse takes a lone surrogate escape; ClickHouse's JSON input refuses it.
    const refused = { ...rawRow(5, 1_700_000_000_000), event_id: 'bad-\ud800' };
    const outcome = await storage.raw.land({ source, partition: 0, firstOffset: '5', lastOffset: '5', rows: [refused] });
    expect(outcome).toEqual({ type: 'refused', reason: expect.stringMatching(/^ClickHouse refused the row: .*surrogate/) as unknown as string });
    const missing = clickHouseStorage({ client: clickhouse.client, database: uniqueName('missing') });
    const failure = await missing.raw.land({ source, partition: 0, firstOffset: '6', lastOffset: '6', rows: [rawRow(6, 1_700_000_000_000)] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClickHouseOperationError);
    expect((failure as ClickHouseOperationError).retriable).toBe(false);
  });

  it('answers a ping', async () => {
    expect(await storage.probe.ping()).toEqual({ reachable: true });
  });
});
