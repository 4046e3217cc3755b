import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedPassword, readPassword } from './generated-password';

describe('generatedPassword', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'sluice-password-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates a random password in a 0600 file on first use and reuses it later', async () => {
    const file = join(dir, 'clickhouse.password');
    const first = await generatedPassword(file);
    expect(first.created).toBe(true);
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await generatedPassword(file)).toEqual({ password: first.password, created: false });
    expect((await generatedPassword(join(dir, 'other.password'))).password).not.toBe(first.password);
  });

  it('reads the first line of a given file and refuses an empty one', async () => {
    const file = join(dir, 'given');
    await writeFile(file, 's3cret\n');
    expect(await readPassword(file)).toBe('s3cret');
    expect(await readPassword(join(dir, 'missing'))).toBeUndefined();
    await writeFile(file, '\n');
    await expect(readPassword(file)).rejects.toMatchObject({ code: 'CLICKHOUSE_PASSWORD_UNREADABLE' });
  });
});
