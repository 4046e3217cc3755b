/** A handle on scheduled work: unsubscribe cancels it, and any run it had scheduled next. */
export interface Cancellable {
  unsubscribe(): void;
}

/**
 * The handle a running piece of work gets as `this`: `schedule` runs the same
 * work again after `delay` ms (that is how work repeats), `unsubscribe` stops it.
 */
export interface ScheduledWork<T> extends Cancellable {
  schedule(state?: T, delay?: number): Cancellable;
}

/**
 * The engines' clock and timer in one: `now()` is wall-clock epoch ms, and
 * `schedule` runs work once after `delay` ms; work that reschedules itself
 * repeats. Time is a parameter, so flush and idle logic run on virtual time
 * in tests. The shape is rxjs's SchedulerLike: `asyncScheduler` serves in
 * production, `VirtualTimeScheduler` and `TestScheduler` in tests.
 *
 * @example
 * // every 100 ms, until the returned handle is unsubscribed
 * scheduler.schedule(function () { flush(); this.schedule(undefined, 100); }, 100);
 */
export interface Scheduler {
  now(): number;
  schedule<T>(work: (this: ScheduledWork<T>, state?: T) => void, delay?: number, state?: T): Cancellable;
}
