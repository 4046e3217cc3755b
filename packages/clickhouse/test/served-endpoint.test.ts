import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync, gunzipSync } from 'node:zlib';
import { ClickHouseError, createClient, type ClickHouseClient } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { serveEmbeddedClickHouse, serveFilePath, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { uniqueName } from '../../../test/support/unique-name';

const QUIET = { log: { level: 127 } } as const;
const credentials = { user: 'default', password: 'served-endpoint-test-password' };
const LOGIN = { username: credentials.user, password: credentials.password } as const;
const BASIC = { Authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` };

/** The body bytes exactly as sent (fetch would decode them). */
function rawGet(url: string, headers: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    }).on('error', reject);
  });
}

describe('embedded ClickHouse served over the HTTP interface', () => {
  let dir: string;
  let server: EmbeddedClickHouseServer;
  let client: ClickHouseClient;
  const database = uniqueName('served');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ch-served-'));
    server = await serveEmbeddedClickHouse({ path: join(dir, 'data'), port: 0, database, credentials });
    client = createClient({ url: server.url, database, compression: { request: true, response: true }, ...LOGIN, ...QUIET });
    await client.command({ query: 'CREATE TABLE events (id UInt64, name String, amount Float64) ENGINE = MergeTree ORDER BY id' });
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
    await drainPending();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes a serve file with its port, pid and credentials, readable by its owner only', async () => {
    const file = serveFilePath(join(dir, 'data'));
    const serve = JSON.parse(await readFile(file, 'utf8')) as { pid: number; port: number; url: string };
    expect(serve).toMatchObject({ pid: process.pid, port: server.port, url: server.url, ...credentials });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('answers ping', async () => {
    expect(await client.ping()).toEqual({ success: true });
    const response = await fetch(`${server.url}/ping`);
    expect(await response.text()).toBe('Ok.\n');
  });

  it('inserts JSONEachRow (gzip request body) and reads it back in several formats (gzip response)', async () => {
    const inserted = await client.insert({ table: 'events', format: 'JSONEachRow', values: [{ id: 1, name: 'a', amount: 1.5 }, { id: 2, name: 'b\tc', amount: 2 }] });
    expect(inserted.executed).toBe(true);
    const select = 'SELECT id, name, amount FROM events ORDER BY id';
    expect(await (await client.query({ query: select, format: 'JSONEachRow' })).json()).toEqual([
      { id: 1, name: 'a', amount: 1.5 },
      { id: 2, name: 'b\tc', amount: 2 },
    ]);
    expect(await (await client.query({ query: select, format: 'JSONCompactEachRow' })).json()).toEqual([
      [1, 'a', 1.5],
      [2, 'b\tc', 2],
    ]);
    const json = await (await client.query({ query: select, format: 'JSON' })).json<{ id: number }>();
    expect(json.data.map((row) => row.id)).toEqual([1, 2]);
    expect(json.rows).toBe(2);
    expect(await (await client.query({ query: select, format: 'CSV' })).text()).toBe('1,"a",1.5\n2,"b\tc",2\n');
    expect(await (await client.query({ query: select, format: 'TabSeparated' })).text()).toBe('1\ta\t1.5\n2\tb\\tc\t2\n');
  });

  it('takes binary RowBinary inserts and Native output through exec', async () => {
    await client.command({ query: 'CREATE TABLE raw (id UInt32, payload String) ENGINE = MergeTree ORDER BY id' });
    const payload = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
    const row = Buffer.concat([Buffer.from([9, 0, 0, 0, payload.length]), payload]);
    await client.exec({ query: 'INSERT INTO raw FORMAT RowBinary', values: Readable.from([row], { objectMode: false }) });
    const result = await client.exec({ query: 'SELECT id FROM raw FORMAT Native' });
    const chunks: Buffer[] = [];
    for await (const chunk of result.stream) chunks.push(chunk as Buffer);
    // Native: 1 column, 1 row, name "id", type "UInt32", value 9.
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([1, 1, 2, 0x69, 0x64, 6, ...Buffer.from('UInt32'), 9, 0, 0, 0]));
    expect(result.response_headers['x-clickhouse-format']).toBe('Native');
  });

  it('binds query parameters in their text form, including escapes', async () => {
    const rows = await (
      await client.query({ query: 'SELECT {n:UInt32} * 2 AS v, {s:String} AS s, {a:Array(String)} AS a', format: 'JSONEachRow', query_params: { n: 21, s: "it's a\\b\tc\n", a: ["x'y", 'z'] } })
    ).json();
    expect(rows).toEqual([{ v: 42, s: "it's a\\b\tc\n", a: ["x'y", 'z'] }]);
  });

  it('applies settings to their query only and echoes the query_id', async () => {
    const read = (settings: Record<string, number>, queryId?: string) =>
      client.query({ query: "SELECT getSetting('max_threads') AS m", format: 'JSONEachRow', clickhouse_settings: settings, ...(queryId ? { query_id: queryId } : {}) });
    const limited = await read({ max_threads: 1 }, 'sluice-query-1');
    expect(limited.query_id).toBe('sluice-query-1');
    expect(limited.response_headers['x-clickhouse-query-id']).toBe('sluice-query-1');
    expect(await limited.json()).toEqual([{ m: 1 }]);
    expect(await (await read({})).json()).not.toEqual([{ m: 1 }]);
  });

  it('uses the database of the request', async () => {
    const other = createClient({ url: server.url, ...LOGIN, ...QUIET });
    try {
      const [row] = await (await other.query({ query: 'SELECT currentDatabase() AS db', format: 'JSONEachRow' })).json<{ db: string }>();
      expect(row?.db).toBe('default');
      const [mine] = await (await client.query({ query: 'SELECT currentDatabase() AS db', format: 'JSONEachRow' })).json<{ db: string }>();
      expect(mine?.db).toBe(database);
    } finally {
      await other.close();
    }
  });

  it('surfaces a syntax error as ClickHouseError code 62 with a non-200 status and the exception header', async () => {
    const failure = await client.query({ query: 'SELEC 1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClickHouseError);
    expect(failure).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
    const response = await fetch(`${server.url}/?query=${encodeURIComponent('SELEC 1')}`, { headers: BASIC });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-clickhouse-exception-code')).toBe('62');
    expect(await response.text()).toMatch(/^Code: 62\. DB::Exception: .*\(SYNTAX_ERROR\) \(version 26\./s);
  });

  it('speaks plain HTTP the way Grafana and curl do: query in the body, gzip both ways, summary header', async () => {
    const response = await fetch(`${server.url}/?database=${database}&default_format=JSONEachRow&enable_http_compression=1`, {
      method: 'POST',
      headers: { 'Content-Encoding': 'gzip', 'Accept-Encoding': 'gzip', ...BASIC },
      body: gzipSync('SELECT count() AS n FROM events'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-clickhouse-format')).toBe('JSONEachRow');
    expect(JSON.parse(response.headers.get('x-clickhouse-summary') ?? '{}')).toMatchObject({ read_rows: expect.any(String) });
    // fetch decodes gzip itself; the header says the server compressed.
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(await response.text())).toEqual({ n: 2 });
    expect(gunzipSync(await rawGet(`${server.url}/?query=SELECT%201&enable_http_compression=1`, { 'Accept-Encoding': 'gzip', ...BASIC })).toString()).toBe('1\n');
  });

  it('serves concurrent statements without mixing their settings', async () => {
    const runs = Array.from({ length: 24 }, (_, index) =>
      client.query({ query: "SELECT getSetting('max_block_size') AS b, count() AS n FROM events", format: 'JSONEachRow', clickhouse_settings: { max_block_size: String(1000 + index) } }).then((result) => result.json<{ b: string; n: string }>()),
    );
    const answers = await Promise.all(runs);
    expect(answers.map((rows) => Number(rows[0]?.b))).toEqual(Array.from({ length: 24 }, (_, index) => 1000 + index));
  });
});
