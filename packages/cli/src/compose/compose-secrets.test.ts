import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../run';
import { COMPOSE_SECRETS, writeComposeSecrets } from './compose-secrets';

describe('compose secrets', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-compose-secrets-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('writes one distinct random password per secret, in a directory only its owner can enter', async () => {
    const dir = join(root, 'secrets');
    const outcomes = await writeComposeSecrets(dir);
    expect(outcomes.map((outcome) => [outcome.name, outcome.created])).toEqual(COMPOSE_SECRETS.map((name) => [name, true]));
    const passwords = await Promise.all(COMPOSE_SECRETS.map((name) => readFile(join(dir, name), 'utf8')));
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(passwords).size).toBe(COMPOSE_SECRETS.length);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    for (const name of COMPOSE_SECRETS) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o644);
  });

  it('keeps a secret that exists, so a second run changes no password', async () => {
    const dir = join(root, 'secrets');
    await writeComposeSecrets(dir);
    await writeFile(join(dir, 'grafana_admin_password'), 'chosen-by-the-operator');
    const again = await writeComposeSecrets(dir);
    expect(again.every((outcome) => !outcome.created)).toBe(true);
    expect(await readFile(join(dir, 'grafana_admin_password'), 'utf8')).toBe('chosen-by-the-operator');
  });

  it('prints the paths it wrote and never a password', async () => {
    const dir = join(root, 'secrets');
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await run(['compose', 'secrets', '--dir', dir], { stdout, stderr: new PassThrough(), env: {} })).toBe(0);
    for (const name of COMPOSE_SECRETS) {
      expect(out).toContain(`generated ${join(dir, name)}`);
      expect(out).not.toContain(await readFile(join(dir, name), 'utf8'));
    }
  });
});
