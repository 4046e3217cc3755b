import { Scheduler as RxjsScheduler, Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { Cancellable, Scheduler } from '@sluice/core';

type Work<T> = (this: SchedulerAction<T>, state?: T) => void;

/**
 * The scheduler that rxjs time operators (`interval`) need, over the core
 * port. An rxjs scheduler (asyncScheduler, VirtualTimeScheduler) is one
 * already and passes through unchanged; any other runs through PortAction.
 */
export function rxScheduler(scheduler: Scheduler): SchedulerLike {
  if (scheduler instanceof RxjsScheduler) return scheduler;
  return {
    now: () => scheduler.now(),
    schedule<T>(work: Work<T>, delay?: number, state?: T): Subscription {
      return new PortAction(scheduler, work).schedule(state, delay);
    },
  };
}

/** One piece of rxjs work on the port: rescheduling replaces the pending run, unsubscribing cancels it. */
class PortAction<T> extends Subscription implements SchedulerAction<T> {
  private pending: Cancellable | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly work: Work<T>,
  ) {
    super();
    this.add(() => this.pending?.unsubscribe());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.pending?.unsubscribe();
    this.pending = this.scheduler.schedule(() => {
      // The run that reschedules is over once it starts: cancelling it then would cancel nothing.
      this.pending = undefined;
      if (!this.closed) this.work.call(this, state);
    }, delay);
    return this;
  }
}
