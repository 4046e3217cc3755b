import { EMPTY, catchError, exhaustMap, from, interval, type Subscription } from 'rxjs';
import type { AggregatorSettings, Scheduler } from '@sluice/core';
import { rxScheduler } from '../time/rx-scheduler';
import type { FlushCycle } from './flush-cycle';

/** What the owner of the flushes hears: each flush as it starts (so a stop can wait for it), and a failure. */
export interface FlushHooks {
  started(flush: Promise<void>): void;
  failed(error: Error): void;
}

/**
 * Runs a flush every updateInterval on `scheduler`, committing when
 * commitInterval has passed since the last commit. A flush still waiting for
 * acknowledgements makes the next tick skip, never queue up. Unsubscribe to stop.
 */
export function scheduleFlushes(
  flush: Pick<FlushCycle, 'run'>,
  settings: Pick<AggregatorSettings, 'updateIntervalMs' | 'commitIntervalMs'>,
  scheduler: Scheduler,
  hooks: FlushHooks,
): Subscription {
  let lastCommitAt = 0;
  return interval(settings.updateIntervalMs, rxScheduler(scheduler))
    .pipe(
      exhaustMap(() => {
        const now = scheduler.now();
        const commit = now - lastCommitAt >= settings.commitIntervalMs;
        if (commit) lastCommitAt = now;
        const running = flush.run(commit);
        hooks.started(running);
        return from(running);
      }),
      catchError((error: unknown) => {
        hooks.failed(error as Error);
        return EMPTY;
      }),
    )
    .subscribe();
}
