import type { WindowBounds } from './fixed-windows';

/** What adding one event time to a SessionSet did. */
export interface SessionAddition {
  /** The session now holding the event. */
  readonly window: WindowBounds;
  /**
   * Sessions that no longer exist because they became part of `window`,
   * including the event's own earlier session when its bounds changed.
   * The caller folds their states into `window` and retracts their rows.
   * Empty when the event fell inside an existing session unchanged.
   */
  readonly merged: readonly WindowBounds[];
}

const NOTHING_MERGED: readonly WindowBounds[] = Object.freeze([]);

/**
 * The open session windows of one group. An event at `t` spans `[t, t + gap)`;
 * sessions are the unions of overlapping spans, so a session is
 * `[first event, last event + gap)` and an event `gap` or more after the
 * previous one starts a new session. The result depends only on the set of
 * event times, never on their arrival order, which is what lets out-of-order
 * events and a batch recomputation agree.
 */
export class SessionSet {
  // Disjoint sessions sorted by start; ends are then sorted too.
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(readonly gapMs: number) {}

  /** Number of open sessions. */
  get size(): number {
    return this.starts.length;
  }

  /** Adds an event time and says which session holds it and which sessions merged into it. */
  add(ts: number): SessionAddition {
    const first = this.firstEndingAfter(ts);
    let start = ts;
    let end = ts + this.gapMs;
    let last = first;
    while (last < this.starts.length && (this.starts[last] as number) < end) {
      start = Math.min(start, this.starts[last] as number);
      end = Math.max(end, this.ends[last] as number);
      last++;
    }
    if (last - first === 1 && this.starts[first] === start && this.ends[first] === end) {
      return { window: { start, end }, merged: NOTHING_MERGED };
    }
    const merged: WindowBounds[] = last === first ? (NOTHING_MERGED as WindowBounds[]) : [];
    for (let i = first; i < last; i++) merged.push({ start: this.starts[i] as number, end: this.ends[i] as number });
    this.starts.splice(first, last - first, start);
    this.ends.splice(first, last - first, end);
    return { window: { start, end }, merged };
  }

  /**
   * Puts back a session read from a checkpoint; false (and nothing changed)
   * when it overlaps an open one, which a set built by `add` never holds.
   */
  restore(window: WindowBounds): boolean {
    const index = this.firstEndingAfter(window.start);
    if (index < this.starts.length && (this.starts[index] as number) < window.end) return false;
    this.starts.splice(index, 0, window.start);
    this.ends.splice(index, 0, window.end);
    return true;
  }

  /** Forgets a session (closed and emitted); true when it was open. */
  remove(window: WindowBounds): boolean {
    const index = this.firstEndingAfter(window.start);
    if (this.starts[index] !== window.start || this.ends[index] !== window.end) return false;
    this.starts.splice(index, 1);
    this.ends.splice(index, 1);
    return true;
  }

  /** The open sessions, oldest first. */
  sessions(): WindowBounds[] {
    return this.starts.map((start, i) => ({ start, end: this.ends[i] as number }));
  }

  // Binary search: the first session whose end is after ts, the only ones an event at ts can touch.
  private firstEndingAfter(ts: number): number {
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.ends[middle] as number) > ts) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
