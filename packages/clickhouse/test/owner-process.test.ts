import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { drainPending } from 'chdb';
import { createClickHouse, serveEmbeddedClickHouse, serveFilePath } from '@sluice/clickhouse';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';

const OWNER_SCRIPT = join(__dirname, 'fixtures', 'serve-owner.js');
const QUIET = { log: { level: 127 } } as const;

describe('a data directory owned by another process', () => {
  let dir: string;
  let dataPath: string;
  let owner: ChildProcessWithoutNullStreams;
  let ownerOutput = '';
  const database = uniqueName('owned');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ch-owner-'));
    dataPath = join(dir, 'data');
    owner = spawn(process.execPath, [OWNER_SCRIPT, dataPath, database, 'owner-process-test-password']);
    owner.stdout.on('data', (chunk: Buffer) => (ownerOutput += chunk.toString()));
    owner.stderr.on('data', (chunk: Buffer) => (ownerOutput += chunk.toString()));
    await waitFor(() => ownerOutput.includes('http://'), { what: `the owner to serve (output so far: ${ownerOutput})`, timeoutMs: 30_000 });
  }, 60_000);

  afterAll(async () => {
    if (owner.exitCode === null) {
      owner.kill('SIGTERM');
      await once(owner, 'exit');
    }
    await drainPending();
    await rm(dir, { recursive: true, force: true });
  });

  it('is reached over the owner\'s HTTP endpoint, found through the serve file', async () => {
    const clickhouse = await createClickHouse({ url: `embedded:${dataPath}`, database }, { client: QUIET });
    try {
      expect(clickhouse.mode).toBe('served');
      expect(clickhouse.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await clickhouse.client.command({ query: 'CREATE TABLE visits (id UInt32, page String) ENGINE = MergeTree ORDER BY id' });
      await clickhouse.client.insert({ table: 'visits', format: 'JSONEachRow', values: [{ id: 1, page: '/home' }, { id: 2, page: '/cart' }] });
      const rows = await (await clickhouse.client.query({ query: 'SELECT id, page FROM visits ORDER BY id', format: 'JSONEachRow' })).json();
      expect(rows).toEqual([{ id: 1, page: '/home' }, { id: 2, page: '/cart' }]);
    } finally {
      await clickhouse.close();
    }
  });

  it('cannot be opened a second time: chDB locks the directory', async () => {
    await expect(serveEmbeddedClickHouse({ path: dataPath, port: 0, credentials: { user: 'default', password: 'x' } })).rejects.toMatchObject({ code: 'CLICKHOUSE_DIRECTORY_LOCKED', message: expect.stringMatching(/owned by process \d+/) });
  });

  it('names the owner when it publishes no serve file', async () => {
    const serveFile = serveFilePath(dataPath);
    await rename(serveFile, `${serveFile}.hidden`);
    try {
      await expect(createClickHouse({ url: `embedded:${dataPath}`, database })).rejects.toMatchObject({
        code: 'CLICKHOUSE_DIRECTORY_LOCKED',
        message: expect.stringContaining(`owned by process ${owner.pid}`),
      });
    } finally {
      await rename(`${serveFile}.hidden`, serveFile);
    }
  });

  it('passes to the next process when the owner stops on SIGTERM', async () => {
    owner.kill('SIGTERM');
    const [exitCode] = (await once(owner, 'exit')) as [number | null];
    expect(exitCode).toBe(0);
    expect(existsSync(serveFilePath(dataPath))).toBe(false);
    await drainPending();
    const clickhouse = await createClickHouse({ url: `embedded:${dataPath}`, database }, { client: QUIET });
    try {
      expect(clickhouse.mode).toBe('embedded');
      const rows = await (await clickhouse.client.query({ query: 'SELECT count() AS n FROM visits', format: 'JSONEachRow' })).json();
      expect(rows).toEqual([{ n: 2 }]);
    } finally {
      await clickhouse.close();
    }
  });
});
