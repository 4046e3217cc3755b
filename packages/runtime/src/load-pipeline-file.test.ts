import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, SluiceError } from '@sluice/core';
import { loadPipelineFile } from './load-pipeline-file';

describe('loadPipelineFile', () => {
  it('names the path it could not read', async () => {
    await expect(loadPipelineFile('/nonexistent/sluice.yaml')).rejects.toThrow(SluiceError);
    await expect(loadPipelineFile('/nonexistent/sluice.yaml')).rejects.toThrow(/\/nonexistent\/sluice\.yaml/);
  });

  it('names the file in validation errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-config-'));
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'sources: {}\n');
    const error = await loadPipelineFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(path);
    expect((error as ConfigError).issues).toEqual([expect.objectContaining({ path: 'sources', message: 'needs at least one source' })]);
  });

  it('reads the passwordFile keys, unless told that the command needs no secrets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-config-'));
    const path = join(dir, 'sluice.yaml');
    await writeFile(path, 'clickhouse: { user: w, passwordFile: /run/secrets/absent }\nsources:\n  e: { topic: e, key: k, timestamp: ts }\n');
    await expect(loadPipelineFile(path)).rejects.toThrow(/clickhouse\.passwordFile/);
    const config = await loadPipelineFile(path, {}, { readSecrets: false });
    expect(config.clickhouse.user).toBe('w');
  });
});
