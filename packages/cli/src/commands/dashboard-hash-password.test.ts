import { scryptPasswordHash } from '@sluice/dashboard';
import { runWithStdin } from './testing/run-with-stdin';

const hashPassword = (input: string) => runWithStdin(['dashboard', 'hash-password'], input);

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
