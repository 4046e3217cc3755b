/**
 * The event-time watermark of one source partition, with bounded
 * out-of-orderness: no event older than (max event time seen - bound) is
 * expected any more. It only moves forward.
 */
export class PartitionWatermark {
  private maxSeen = -Infinity;
  private floor = -Infinity;

  constructor(readonly maxOutOfOrdernessMs: number) {}

  /** Takes an event time into account. */
  observe(ts: number): void {
    if (ts > this.maxSeen) this.maxSeen = ts;
  }

  /** The watermark: max event time seen - maxOutOfOrderness, or -Infinity before any event. */
  current(): number {
    return Math.max(this.maxSeen - this.maxOutOfOrdernessMs, this.floor);
  }

  /** Raises the watermark to at least `ms`: idle handling, or the value restored from commit metadata. */
  advanceTo(ms: number): void {
    if (ms > this.floor) this.floor = ms;
  }

  /** The largest event time observed, or -Infinity. */
  maxEventTime(): number {
    return this.maxSeen;
  }
}
