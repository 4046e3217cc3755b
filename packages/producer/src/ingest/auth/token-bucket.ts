/**
 * A token bucket on an injected clock: `perSecond` tokens refill up to
 * `burst`; `take(n)` spends n tokens or says how long until there are n.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Spends `count` tokens and resolves to 0, or spends nothing and returns the milliseconds until `count` are there. */
  take(count: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = now;
    if (this.tokens >= count) {
      this.tokens -= count;
      return 0;
    }
    return Math.ceil(((count - this.tokens) * 1000) / this.perSecond);
  }
}
