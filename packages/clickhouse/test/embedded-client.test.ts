import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ClickHouseError } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { uniqueName } from '../../../test/support/unique-name';

describe('embedded ClickHouse in this process', () => {
  let dir: string;
  let clickhouse: ClickHouse;
  const database = uniqueName('embedded');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ch-embedded-'));
    clickhouse = await createClickHouse({ url: `embedded:${join(dir, 'data')}`, database }, { ensureDatabase: true, client: { log: { level: 127 } } });
  });

  afterAll(async () => {
    await clickhouse.close();
    await drainPending();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens the directory itself when no owner serves it', () => {
    expect(clickhouse.mode).toBe('embedded');
  });

  it('creates a table, inserts JSONEachRow and reads it back, with the database applied', async () => {
    const { client } = clickhouse;
    await client.command({ query: 'CREATE TABLE pages (id UInt32, page String, at DateTime64(3, \'UTC\')) ENGINE = MergeTree ORDER BY id' });
    await client.insert({ table: 'pages', format: 'JSONEachRow', values: [{ id: 1, page: '/a', at: 1_700_000_000_000 }, { id: 2, page: '/b\tc', at: '2024-01-01 00:00:00.000' }] });
    const rows = await (await client.query({ query: 'SELECT id, page, at FROM pages ORDER BY id', format: 'JSONEachRow' })).json();
    expect(rows).toEqual([
      { id: 1, page: '/a', at: '2023-11-14 22:13:20.000' },
      { id: 2, page: '/b\tc', at: '2024-01-01 00:00:00.000' },
    ]);
    const counted = await (await client.query({ query: `SELECT count() AS count FROM ${database}.pages`, format: 'JSONEachRow' })).json<{ count: string | number }>();
    expect(Number(counted[0]?.count)).toBe(2);
  });

  it('inserts binary RowBinary data with its bytes intact', async () => {
    const { client } = clickhouse;
    await client.command({ query: 'CREATE TABLE blobs (id UInt32, payload String) ENGINE = MergeTree ORDER BY id' });
    const payload = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
    const row = Buffer.concat([Buffer.from([7, 0, 0, 0, payload.length]), payload]);
    await client.exec({ query: 'INSERT INTO blobs FORMAT RowBinary', values: Readable.from([row], { objectMode: false }) });
    const rows = await (await client.query({ query: 'SELECT id, hex(payload) AS hex FROM blobs', format: 'JSONEachRow' })).json();
    expect(rows).toEqual([{ id: 7, hex: 'FF00C328' }]);
  });

  it('keeps per-query settings to their query', async () => {
    const { client } = clickhouse;
    const read = async (settings?: { max_threads: number }) =>
      (await (await client.query({ query: "SELECT getSetting('max_threads') AS m", format: 'JSONEachRow', ...(settings ? { clickhouse_settings: settings } : {}) })).json<{ m: number }>())[0]?.m;
    const before = await read();
    expect(await read({ max_threads: 1 })).toBe(1);
    expect(await read()).toBe(before);
  });

  it('binds query parameters', async () => {
    const rows = await (await clickhouse.client.query({ query: 'SELECT {n:UInt32} * 2 AS v, {s:String} AS s', format: 'JSONEachRow', query_params: { n: 21, s: "it's" } })).json();
    expect(rows).toEqual([{ v: 42, s: "it's" }]);
  });

  it("raises the stock client's ClickHouseError with the server code", async () => {
    const failure = await clickhouse.client.query({ query: 'SELEC 1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClickHouseError);
    expect(failure).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
  });

  it('refuses a second data directory in the same process', async () => {
    const second = createClickHouse({ url: `embedded:${join(dir, 'other')}`, database: 'default' });
    await expect(second).rejects.toThrow(/only one active data directory per process/);
  });
});
