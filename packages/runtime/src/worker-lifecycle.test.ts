import { IllegalTransitionError } from './state-machine';
import { createWorkerLifecycle } from './worker-lifecycle';
import type { WorkerOutcome } from './worker';

/** The outcome if `done` has settled by now, else 'pending'. */
async function settled(done: Promise<WorkerOutcome>): Promise<WorkerOutcome | 'pending'> {
  return Promise.race([done, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);
}

describe('createWorkerLifecycle', () => {
  it('walks created -> starting -> running -> stopping -> stopped, reporting each step, and resolves done', async () => {
    const seen: string[] = [];
    const lifecycle = createWorkerLifecycle('aggregator', (from, to) => seen.push(`${from}->${to}`));
    for (const state of ['starting', 'running', 'stopping'] as const) lifecycle.transition(state);
    expect(await settled(lifecycle.done)).toBe('pending');
    lifecycle.transition('stopped');
    expect(seen).toEqual(['created->starting', 'starting->running', 'running->stopping', 'stopping->stopped']);
    expect(await lifecycle.done).toEqual({ state: 'stopped' });
  });

  it('lets a worker that never started go straight to stopped', async () => {
    const lifecycle = createWorkerLifecycle('sink');
    lifecycle.transition('stopped');
    expect(await lifecycle.done).toEqual({ state: 'stopped' });
  });

  it('refuses transitions the table does not allow, naming the worker', () => {
    const lifecycle = createWorkerLifecycle('sink');
    expect(() => lifecycle.transition('running')).toThrow(IllegalTransitionError);
    expect(() => lifecycle.transition('running')).toThrow('sink cannot go from created to running');
    expect(lifecycle.state).toBe('created');
  });

  it('records a failure from any live state; done resolves with it, never rejects', async () => {
    for (const live of [['starting'], ['starting', 'running'], ['starting', 'running', 'stopping']] as const) {
      const lifecycle = createWorkerLifecycle('compactor');
      live.forEach((state) => lifecycle.transition(state));
      const cause = new Error('broker gone');
      expect(lifecycle.fail(cause)).toBe(true);
      expect(lifecycle.state).toBe('failed');
      expect(lifecycle.error).toBe(cause);
      expect(await lifecycle.done).toEqual({ state: 'failed', error: cause });
    }
  });

  it('keeps the first failure: failed is terminal, a second failure or a run again is refused', async () => {
    const lifecycle = createWorkerLifecycle('sink');
    lifecycle.transition('starting');
    lifecycle.transition('running');
    lifecycle.fail('first');
    expect(lifecycle.fail(new Error('second'))).toBe(false);
    expect(lifecycle.can('stopping')).toBe(false);
    expect(() => lifecycle.transition('running')).toThrow('sink cannot go from failed to running');
    const outcome = await lifecycle.done;
    expect(outcome.state === 'failed' && outcome.error.message).toBe('first');
  });

  it('does not fail a worker that has stopped or never started', () => {
    const created = createWorkerLifecycle('aggregator');
    expect(created.fail(new Error('x'))).toBe(false);
    created.transition('stopped');
    expect(created.fail(new Error('x'))).toBe(false);
    expect(created.state).toBe('stopped');
  });

  it('stops a worker that never started at once, without draining', async () => {
    const lifecycle = createWorkerLifecycle('ingest');
    let drains = 0;
    await lifecycle.stopWith(async () => void drains++);
    expect(drains).toBe(0);
    expect(lifecycle.state).toBe('stopped');
    expect(await lifecycle.done).toEqual({ state: 'stopped' });
  });

  it('drains once however often a stop is asked, and every caller waits for that drain', async () => {
    const lifecycle = createWorkerLifecycle('sink');
    lifecycle.transition('starting');
    lifecycle.transition('running');
    let drains = 0;
    let finish: () => void = () => undefined;
    const drain = () => {
      drains++;
      lifecycle.transition('stopping');
      return new Promise<void>((resolve) => {
        finish = () => {
          lifecycle.transition('stopped');
          resolve();
        };
      });
    };
    const first = lifecycle.stopWith(drain);
    const second = lifecycle.stopWith(drain);
    expect(second).toBe(first);
    expect(drains).toBe(1);
    expect(lifecycle.state).toBe('stopping');
    finish();
    await Promise.all([first, second]);
    expect(lifecycle.state).toBe('stopped');
  });
});
