import { createHash } from 'node:crypto';
import { runWithStdin } from './testing/run-with-stdin';

const hashKey = (input: string) => runWithStdin(['ingest', 'hash-key'], input);

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
