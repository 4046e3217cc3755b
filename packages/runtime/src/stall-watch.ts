import type { Counter, Gauge } from '@sluice/core';

/** Why one activity of a worker cannot make progress, as /healthz shows it. */
export interface Stall {
  /** The last failure, as its error code and message (credentials in URLs masked). */
  readonly reason: string;
  /** Epoch ms of the first failure of this run of failures. */
  readonly since: number;
  /** Consecutive failed attempts. */
  readonly attempts: number;
}

/** The metrics a StallWatch keeps: 1 while an activity is stalled, and (where the worker counts them here) every failed attempt. */
export interface StallMetrics {
  readonly stalled: Gauge;
  readonly retries?: Counter;
}

/**
 * Tracks the activities of a worker (landing, a batch cycle, inserts) that
 * keep retrying what an outage makes fail: a stalled activity is alive, so
 * the worker stays healthy, but it says why it is not moving, on /healthz
 * and in a gauge, until its next success clears it.
 */
export class StallWatch {
  private readonly stalls = new Map<string, Stall>();

  constructor(
    private readonly metrics: StallMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  /** An attempt of `activity` failed and will be tried again. */
  failed(activity: string, error: unknown): void {
    const known = this.stalls.get(activity);
    this.stalls.set(activity, { reason: reasonOf(error), since: known?.since ?? this.now(), attempts: (known?.attempts ?? 0) + 1 });
    this.metrics.stalled.set(1, { activity });
    this.metrics.retries?.inc({ activity });
  }

  /** `activity` got through: whatever stalled it is over. */
  progressed(activity: string): void {
    if (!this.stalls.delete(activity)) return;
    this.metrics.stalled.set(0, { activity });
  }

  /** True while some activity is stalled. */
  get isStalled(): boolean {
    return this.stalls.size > 0;
  }

  /** For /healthz: `progress: 'ok'`, or `progress: 'stalled'` with each stalled activity and why. */
  details(): { progress: 'ok' } | { progress: 'stalled'; stalled: Record<string, Stall> } {
    if (this.stalls.size === 0) return { progress: 'ok' };
    return { progress: 'stalled', stalled: Object.fromEntries(this.stalls) };
  }
}

/** The error's code and message, with any `user:password@` of a URL masked and the length bounded. */
function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? `${(error as { code: string }).code}: ` : '';
  const message = error instanceof Error ? error.message : String(error);
  const masked = `${code}${message}`.replace(/\/\/[^/\s@]*@/g, '//***@');
  return masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
}
