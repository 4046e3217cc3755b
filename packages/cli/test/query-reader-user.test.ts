import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { drainPending } from 'chdb';
import { serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { run } from '../src/run';
import { COMMANDS } from '../src/commands';

/**
 * A ClickHouse endpoint that only lets the reader in (the served embedded
 * engine has one login), so `sluice query` answers only when it logs in with
 * clickhouse.reader, and never with the writers' user and password.
 */
describe('sluice query logs in as the reader user', () => {
  const reader = { user: 'grafana', password: 'reader-only-password' };
  let dir: string;
  let server: EmbeddedClickHouseServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-query-reader-'));
    server = await serveEmbeddedClickHouse({ path: ':memory:', port: 0, database: 'shop', credentials: reader });
    await writeFile(join(dir, 'reader-password'), `${reader.password}\n`);
  });
  afterAll(async () => {
    await server.stop();
    await drainPending();
    await rm(dir, { recursive: true, force: true });
  });

  async function query(clickhouse: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const configPath = join(dir, `sluice-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(configPath, `clickhouse: ${clickhouse}\nsources:\n  orders: { topic: orders, key: k, timestamp: ts }\n`);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = { stdout: '', stderr: '' };
    stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
    const code = await run(['query', '-c', configPath, 'SELECT 40 + 2 AS answer'], { stdout, stderr, env: {} }, COMMANDS);
    return { code, ...out };
  }

  it('answers with the reader login from its passwordFile', async () => {
    const passwordFile = join(dir, 'reader-password');
    const result = await query(`{ url: "${server.url}", database: shop, user: writer, password: writer-password, reader: { user: grafana, passwordFile: "${passwordFile}" } }`);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ answer: 42 });
    expect(result.code).toBe(0);
  });

  it('is refused as the writer when no reader is configured, without printing the password', async () => {
    const result = await query(`{ url: "${server.url}", database: shop, user: writer, password: writer-password }`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('516');
    expect(result.stderr).not.toContain('writer-password');
  });
});
