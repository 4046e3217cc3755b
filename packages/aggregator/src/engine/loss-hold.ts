/**
 * The persisted form of a hold, carried in the commit metadata so a restart
 * keeps it: windows starting at or before `through` are held; `through`
 * undefined holds every window until the first record after the gap fixes it.
 */
export interface HoldPoint {
  readonly through: number | undefined;
}

/**
 * After a lost restore point, the windows that may miss events whose records
 * were never read again. Their rows are not emitted: a rebuilt state holds
 * fewer events than the row the speed table already has, and its higher
 * version would replace that row with a smaller one. The batch layer, which
 * landed every record, recomputes their periods and supersedes the speed rows.
 *
 * A lost event's time is at most `maxOutOfOrderness` past the newest event
 * time known around the gap: W + maxOutOfOrderness (the newest event before
 * the commit) or the first record read after the gap plus maxOutOfOrderness
 * (an event further ahead would have made that record late). Windows
 * starting later cannot hold a lost event and are emitted as usual.
 */
export class LossHold {
  private through: number | undefined;
  private readonly active: boolean;
  /** True until the first record after the gap fixes the bound; checked per record, so a plain field. */
  awaitingRecord: boolean;

  constructor(
    point: HoldPoint | undefined,
    private readonly watermark: number,
    private readonly maxOutOfOrdernessMs: number,
  ) {
    this.active = point !== undefined;
    this.through = point?.through;
    this.awaitingRecord = this.active && this.through === undefined;
  }

  /** The first record read after the gap, at event time `ts`, bounds the lost events' times. */
  fixBound(ts: number): void {
    this.awaitingRecord = false;
    this.through = Math.max(this.watermark, ts) + this.maxOutOfOrdernessMs;
  }

  /** Whether rows of a window (or session) starting at `start` are held back. */
  holds(start: number): boolean {
    return this.active && (this.through === undefined || start <= this.through);
  }

  /** What the commit metadata keeps; undefined when nothing was ever lost. */
  point(): HoldPoint | undefined {
    return this.active ? { through: this.through } : undefined;
  }
}
