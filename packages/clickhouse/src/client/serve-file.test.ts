import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, readServeFile, removeServeFile, serveFilePath, writeServeFile } from './serve-file';

describe('serve file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-serve-file-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const content = { pid: process.pid, host: '127.0.0.1', port: 1234, url: 'http://127.0.0.1:1234', version: '26.7', startedAt: '2026-01-01T00:00:00.000Z' };

  it('lives beside the data directory', () => {
    expect(serveFilePath('/data/clickhouse/')).toBe('/data/clickhouse.serve.json');
  });

  it('round-trips and is removed only by the process that wrote it', async () => {
    const data = join(dir, 'ch');
    await writeServeFile(data, content);
    expect(await readServeFile(data)).toEqual(content);
    await removeServeFile(data, process.pid + 1);
    expect(await readServeFile(data)).toEqual(content);
    await removeServeFile(data, process.pid);
    expect(await readServeFile(data)).toBeUndefined();
  });

  it('ignores a torn file', async () => {
    const data = join(dir, 'ch');
    await writeFile(serveFilePath(data), '{"pid": 1');
    expect(await readServeFile(data)).toBeUndefined();
  });

  it('knows whether a process is alive', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
  });
});
