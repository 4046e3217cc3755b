/**
 * Counts events accepted but not yet acknowledged by Kafka. A request takes
 * its whole share or nothing, so a full budget turns requests away (503)
 * instead of queueing them in memory without bound.
 */
export class InFlightBudget {
  private used = 0;

  constructor(readonly capacity: number) {}

  /** Takes `count` slots when they are all free; false otherwise. */
  tryTake(count: number): boolean {
    if (this.used + count > this.capacity) return false;
    this.used += count;
    return true;
  }

  give(count: number): void {
    this.used = Math.max(0, this.used - count);
  }

  get inFlight(): number {
    return this.used;
  }
}
