import { RetriesExhaustedError, retry } from './retry';
import { SluiceError } from './sluice-error';

const noWait = { sleep: async () => undefined };

describe('retry', () => {
  it('retries retriable errors and says how many attempts it made when it gives up', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new SluiceError('UNAVAILABLE', 'broker restarting', { retriable: true });
    };
    const error = await retry(failing, { retries: 3, initialDelayMs: 10, maxDelayMs: 100, sleeper: noWait }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(4);
    expect((error as Error).message).toMatch(/gave up after 4 attempts: broker restarting/);
    expect(calls).toBe(4);
  });

  it('passes non-retriable errors through at once', async () => {
    let calls = 0;
    const fatal = new SluiceError('SYNTAX', 'bad query');
    await expect(
      retry(
        async () => {
          calls++;
          throw fatal;
        },
        { retries: 5, initialDelayMs: 1, maxDelayMs: 1, sleeper: noWait },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('backs off exponentially up to the ceiling', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        if (++calls < 5) throw new SluiceError('X', 'x', { retriable: true });
        return 'done';
      },
      { retries: 10, initialDelayMs: 100, maxDelayMs: 400, sleeper: noWait, random: () => 1, onRetry: (_e, _a, ms) => delays.push(ms) },
    );
    expect(result).toBe('done');
    expect(delays).toEqual([100, 200, 400, 400]);
  });
});
