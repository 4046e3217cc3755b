import { VirtualTimeScheduler } from 'rxjs';
import { scheduleFlushes } from './flush-schedule';

describe('scheduleFlushes', () => {
  const settings = { updateIntervalMs: 100, commitIntervalMs: 300 };

  function advance(scheduler: VirtualTimeScheduler, ms: number): void {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.flush();
  }

  it('flushes every update interval on virtual time and commits once per commit interval', async () => {
    const scheduler = new VirtualTimeScheduler();
    scheduler.frame = 1_000;
    const runs: { at: number; commit: boolean }[] = [];
    let running: Promise<void> = Promise.resolve();
    const flushes = scheduleFlushes({ run: async (commit) => void runs.push({ at: scheduler.now(), commit }) }, settings, scheduler, {
      started: (flush) => {
        running = flush;
      },
      failed: (error) => {
        throw error;
      },
    });
    for (let tick = 0; tick < 7; tick++) {
      advance(scheduler, 100);
      await running;
    }
    flushes.unsubscribe();
    expect(runs.map(({ at }) => at)).toEqual([1_100, 1_200, 1_300, 1_400, 1_500, 1_600, 1_700]);
    expect(runs.filter(({ commit }) => commit).map(({ at }) => at)).toEqual([1_100, 1_400, 1_700]);
  });

  it('skips ticks while a flush waits, never queueing them, and reports a failed flush', async () => {
    const scheduler = new VirtualTimeScheduler();
    let release: () => void = () => undefined;
    const failures: Error[] = [];
    let runs = 0;
    let running: Promise<void> = Promise.resolve();
    const run = () => {
      runs++;
      if (runs === 1) return new Promise<void>((resolve) => (release = resolve));
      return Promise.reject(new Error('commit failed'));
    };
    scheduleFlushes({ run }, settings, scheduler, {
      started: (flush) => {
        running = flush;
      },
      failed: (error) => failures.push(error),
    });
    advance(scheduler, 500);
    expect(runs).toBe(1);
    release();
    await running;
    advance(scheduler, 100);
    await running.catch(() => undefined);
    await Promise.resolve();
    expect(runs).toBe(2);
    expect(failures.map((error) => error.message)).toEqual(['commit failed']);
  });
});
