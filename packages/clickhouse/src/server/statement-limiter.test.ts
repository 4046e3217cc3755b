import { StatementLimiter } from './statement-limiter';

describe('StatementLimiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limiter = new StatementLimiter(2);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      new Promise<number>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => {
          running--;
          resolve(running);
        });
      });
    const all = Promise.all(Array.from({ length: 5 }, () => limiter.run(task)));
    for (let released = 0; released < 5; released++) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await all;
    expect(peak).toBe(2);
  });

  it('refuses a limit below one', () => {
    expect(() => new StatementLimiter(0)).toThrow(RangeError);
  });
});
