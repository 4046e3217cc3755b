import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';

// Spawns the built CLI: run `npx turbo run build` first. Each spawn loads the whole CLI, hence the long test timeouts.
const CLI_TIMEOUT_MS = 60_000;
const SLUICE = join(__dirname, '..', '..', 'cli', 'bin', 'sluice.js');

function configYaml(clickhouseUrl: string, database: string): string {
  return `clickhouse: { url: "${clickhouseUrl}", database: ${database} }
sources:
  events: { topic: ${database}_events, key: user_id, timestamp: ts }
views:
  - name: counts
    source: events
    window: { type: tumbling, size: 1m }
    measures: { n: count }
`;
}

function sluice(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SLUICE, ...args], (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('sluice clickhouse serve and sluice query', () => {
  let dir: string;
  let config: string;
  let server: ChildProcessWithoutNullStreams;
  let serverOutput = '';
  const database = uniqueName('cli');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ch-cli-'));
    config = join(dir, 'sluice.yaml');
    await writeFile(config, configYaml(`embedded:${join(dir, 'clickhouse')}`, database));
    server = spawn(process.execPath, [SLUICE, 'clickhouse', 'serve', '-c', config, '--port', '0']);
    server.stdout.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    await waitFor(() => /serving .* at http:\/\/127\.0\.0\.1:\d+/.test(serverOutput), { what: `clickhouse serve to start: ${serverOutput}`, timeoutMs: 30_000 });
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  }, CLI_TIMEOUT_MS);

  it('runs DDL, inserts and prints JSONEachRow through the served directory', async () => {
    expect((await sluice(['query', '-c', config, 'CREATE TABLE pages (page String, views UInt32) ENGINE = MergeTree ORDER BY page'])).code).toBe(0);
    expect((await sluice(['query', '-c', config, "INSERT INTO pages VALUES ('/home', 12), ('/checkout', 3)"])).code).toBe(0);
    const result = await sluice(['query', '-c', config, 'SELECT page, views FROM pages ORDER BY views DESC']);
    expect(result.code).toBe(0);
    // ClickHouse's JSON escapes "/" by default; parse rather than compare text.
    const rows = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(rows).toEqual([{ page: '/home', views: 12 }, { page: '/checkout', views: 3 }]);
  }, CLI_TIMEOUT_MS);

  it('prints an aligned table for people', async () => {
    const result = await sluice(['query', '-c', config, 'SELECT page, views FROM pages ORDER BY views DESC', '--format', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(['page       views', '---------  -----', '/home         12', '/checkout      3', '(2 rows)', ''].join('\n'));
  }, CLI_TIMEOUT_MS);

  it('prints the ClickHouse message and exits non-zero on a bad statement', async () => {
    const result = await sluice(['query', '-c', config, 'SELEC 1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CLICKHOUSE_SYNTAX_ERROR \(62\): Syntax error/);
  }, CLI_TIMEOUT_MS);

  it('generated a password on first start: shown once, kept 0600 beside the data, published 0600 in the serve file', async () => {
    const passwordFile = join(dir, 'clickhouse.password');
    const password = (await readFile(passwordFile, 'utf8')).trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    expect(serverOutput.split(password).length - 1).toBe(1);
    expect(serverOutput).toMatch(new RegExp(`user default, password ${password} \\(generated now and shown only this once`));
    const serveFile = join(dir, 'clickhouse.serve.json');
    expect(JSON.parse(await readFile(serveFile, 'utf8'))).toMatchObject({ user: 'default', password });
    expect((await stat(serveFile)).mode & 0o777).toBe(0o600);
    const url = (JSON.parse(await readFile(serveFile, 'utf8')) as { url: string }).url;
    expect((await fetch(`${url}/?query=SELECT%201`, { method: 'POST' })).status).toBe(403);
  });

  it('refuses a non-loopback --host without a password given on purpose', async () => {
    const result = await sluice(['clickhouse', 'serve', '-c', config, '--port', '0', '--host', '0.0.0.0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--host 0\.0\.0\.0 serves beyond this machine; give the endpoint a password first/);
  }, CLI_TIMEOUT_MS);

  it('refuses to serve a ClickHouse server URL', async () => {
    const serverConfig = join(dir, 'server.yaml');
    await writeFile(serverConfig, configYaml('http://127.0.0.1:1', database));
    const result = await sluice(['clickhouse', 'serve', '-c', serverConfig, '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/only an embedded engine .* is served/);
  }, CLI_TIMEOUT_MS);

  it('stops on SIGTERM with exit code 0', async () => {
    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, CLI_TIMEOUT_MS);
});
