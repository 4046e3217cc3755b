import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { ClickHouseError, createClient } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { uniqueName } from '../../../test/support/unique-name';

const QUIET = { log: { level: 127 } } as const;
const credentials = { user: 'sluice', password: 'guards-test-password' };
const BASIC = { Authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` };

interface Answer {
  readonly status: number;
  readonly code: string | undefined;
  readonly body: string;
}

/** One raw HTTP exchange, with exactly the headers given (fetch would not let a test set Host). */
function exchange(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const code = response.headers['x-clickhouse-exception-code'];
        resolve({ status: response.statusCode ?? 0, code: Array.isArray(code) ? code[0] : code, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('the served embedded ClickHouse guards its HTTP callers', () => {
  let dir: string;
  let server: EmbeddedClickHouseServer;
  const database = uniqueName('guarded');
  const post = (sql: string, headers: Record<string, string> = BASIC) => exchange(`${server.url}/?database=${database}`, { headers, body: sql });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ch-guards-'));
    server = await serveEmbeddedClickHouse({
      path: join(dir, 'data'),
      port: 0,
      database,
      credentials,
      allowedHosts: ['clickhouse.internal'],
      limits: { maxResultRows: 1000, maxExecutionSeconds: 1, maxMemoryBytes: 64 * 1024 * 1024 },
    });
  });

  afterAll(async () => {
    await server.stop();
    await drainPending();
    await rm(dir, { recursive: true, force: true });
  });

  describe('credentials', () => {
    it('answers a request without credentials, or with a wrong password, as ClickHouse does: 403 with code 516', async () => {
      for (const headers of [{}, { Authorization: `Basic ${Buffer.from('sluice:wrong').toString('base64')}` }, { 'X-ClickHouse-User': 'sluice', 'X-ClickHouse-Key': 'wrong' }]) {
        const answer = await post("SELECT * FROM file('/etc/passwd', 'LineAsString')", headers);
        expect(answer).toMatchObject({ status: 403, code: '516' });
        expect(answer.body).toMatch(/^Code: 516\. DB::Exception: \w+: Authentication failed: password is incorrect, or there is no user with such name\. \(AUTHENTICATION_FAILED\) \(version 26\./);
        expect(answer.body).not.toContain('root:');
      }
    });

    it('surfaces a wrong password through @clickhouse/client as its authentication error', async () => {
      const client = createClient({ url: server.url, username: 'sluice', password: 'nope', ...QUIET });
      try {
        const failure = await client.query({ query: 'SELECT 1' }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ClickHouseError);
        expect(failure).toMatchObject({ code: '516', type: 'AUTHENTICATION_FAILED' });
      } finally {
        await client.close();
      }
    });

    it('accepts the right credentials as basic auth, X-ClickHouse headers or URL parameters', async () => {
      expect(await post('SELECT 1')).toMatchObject({ status: 200, body: '1\n' });
      expect(await post('SELECT 2', { 'X-ClickHouse-User': credentials.user, 'X-ClickHouse-Key': credentials.password })).toMatchObject({ status: 200, body: '2\n' });
      const viaUrl = await exchange(`${server.url}/?user=${credentials.user}&password=${credentials.password}`, { body: 'SELECT 3' });
      expect(viaUrl).toMatchObject({ status: 200, body: '3\n' });
    });
  });

  describe('what reaches the host or the network', () => {
    it.each([
      ["SELECT * FROM file('/etc/passwd', 'LineAsString')", '497'],
      ["SELECT * FROM /* a comment */ `FiLe`('/etc/passwd', LineAsString)", '497'],
      ["SELECT file('/etc/passwd')", '497'],
      ["SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')", '497'],
      ["SELECT * FROM remote('127.0.0.1:9', system.one)", '497'],
      ["SELECT * FROM executable('x.sh', 'TSV', 'a String')", '497'],
      ["INSERT INTO FUNCTION file('/tmp/sluice-guards-out.tsv', 'TSV', 'a String') SELECT 'x'", '497'],
      ["CREATE TABLE leak (line String) ENGINE = File(LineAsString, '/etc/passwd')", '497'],
      ["SELECT 1 INTO OUTFILE '/tmp/sluice-guards-out.tsv'", '497'],
      ["INSERT INTO t FROM INFILE '/etc/passwd' FORMAT LineAsString", '497'],
      ["SELECT 1; SELECT * FROM file('/etc/passwd', 'LineAsString')", '62'],
    ])('refuses %s', async (sql, code) => {
      const answer = await post(sql);
      expect({ code: answer.code, leaked: answer.body.includes('root:') }).toEqual({ code, leaked: false });
      expect(answer.status).not.toBe(200);
    });

    it('still takes a string that only mentions them', async () => {
      expect(await post("SELECT 'file(/etc/passwd) INTO OUTFILE' AS text")).toMatchObject({ status: 200, body: 'file(/etc/passwd) INTO OUTFILE\n' });
      await expect(stat('/tmp/sluice-guards-out.tsv')).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });

  describe('GET', () => {
    it('is read-only, as ClickHouse makes it: a CREATE TABLE gets code 164', async () => {
      const create = `CREATE TABLE ${database}.made_by_get (id UInt8) ENGINE = MergeTree ORDER BY id`;
      for (const extra of ['', '&readonly=0']) {
        const answer = await exchange(`${server.url}/?query=${encodeURIComponent(create)}${extra}`, { method: 'GET', headers: BASIC });
        expect(answer).toMatchObject({ status: 403, code: '164' });
      }
      expect(await post(`EXISTS TABLE ${database}.made_by_get`)).toMatchObject({ body: '0\n' });
      expect(await exchange(`${server.url}/?query=${encodeURIComponent('SELECT 7')}`, { method: 'GET', headers: BASIC })).toMatchObject({ status: 200, body: '7\n' });
    });
  });

  describe('Host and Origin', () => {
    it('refuses a Host that is not a loopback name or a configured one', async () => {
      const at = (host: string) => exchange(`${server.url}/`, { headers: { ...BASIC, Host: host }, body: 'SELECT 1' });
      expect(await at(`attacker.example:${server.port}`)).toMatchObject({ status: 403 });
      expect(await at('localhost:1')).toMatchObject({ status: 403 });
      expect(await at(`localhost:${server.port}`)).toMatchObject({ status: 200 });
      expect(await at(`clickhouse.internal:${server.port}`)).toMatchObject({ status: 200 });
      expect((await exchange(`${server.url}/ping`, { method: 'GET', headers: { Host: `attacker.example:${server.port}` } })).status).toBe(403);
    });

    it('refuses a request carrying a foreign Origin, and takes its own', async () => {
      expect(await post('SELECT 1', { ...BASIC, Origin: 'http://attacker.example' })).toMatchObject({ status: 403 });
      expect(await post('SELECT 1', { ...BASIC, Origin: 'null' })).toMatchObject({ status: 403 });
      expect(await post('SELECT 1', { ...BASIC, Origin: server.url })).toMatchObject({ status: 200 });
    });
  });

  describe('limits', () => {
    it('stops an answer past max_result_rows, and a caller cannot lift the limit', async () => {
      expect(await post('SELECT number FROM numbers(100000)')).toMatchObject({ code: '396' });
      expect(await post('SELECT number FROM numbers(100000) SETTINGS max_result_rows = 0')).toMatchObject({ code: '452' });
      expect(await post('SELECT count() FROM numbers(100000)')).toMatchObject({ status: 200, body: '100000\n' });
    });

    it('stops a statement past max_execution_time', async () => {
      expect(await post('SELECT count() FROM numbers_mt(1000000000000)')).toMatchObject({ code: '159' });
      expect(await post('SELECT 1 SETTINGS max_execution_time = 3600')).toMatchObject({ code: '452' });
    });

    it('stops a statement past max_memory_usage', async () => {
      expect(await post('SELECT length(groupArray(number)) FROM numbers(100000000)')).toMatchObject({ code: '241' });
    });
  });
});
