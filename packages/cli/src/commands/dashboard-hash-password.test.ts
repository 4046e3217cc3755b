import { PassThrough, Readable } from 'node:stream';
import { scryptPasswordHash } from '@sluice/dashboard';
import { run } from '../run';

async function hashPassword(input: string): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await run(['dashboard', 'hash-password'], { stdout, stderr, env: {}, stdin: Readable.from([input]) });
  return { code, out, err };
}

describe('sluice dashboard hash-password', () => {
  it('prints salt:key of the password on stdin without its trailing newline, with a fresh salt each time', async () => {
    const first = await hashPassword('correct horse\n');
    const second = await hashPassword('correct horse\n');
    expect(first.code).toBe(0);
    const [salt] = first.out.trim().split(':') as [string];
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(first.out).toBe(`${scryptPasswordHash('correct horse', Buffer.from(salt, 'hex'))}\n`);
    expect(second.out).not.toBe(first.out);
  });

  it('refuses an empty password', async () => {
    const answer = await hashPassword('\n');
    expect(answer.code).not.toBe(0);
    expect(answer.out).toBe('');
    expect(answer.err).toMatch(/empty/);
  });
});
