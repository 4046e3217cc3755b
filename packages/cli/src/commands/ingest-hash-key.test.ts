import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { run } from '../run';

async function hashKey(input: string): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await run(['ingest', 'hash-key'], { stdout, stderr, env: {}, stdin: Readable.from([input]) });
  return { code, out, err };
}

describe('sluice ingest hash-key', () => {
  it('prints the sha256 of the key on stdin, without its trailing newline', async () => {
    const expected = createHash('sha256').update('s3cret-key').digest('hex');
    expect(await hashKey('s3cret-key\n')).toEqual({ code: 0, out: `${expected}\n`, err: '' });
  });

  it('refuses an empty key or one with spaces, without echoing it', async () => {
    const answer = await hashKey('two words\n');
    expect(answer.code).toBe(1);
    expect(answer.err).toMatch(/must be one word/);
    expect(answer.err).not.toContain('two words');
  });
});
