/**
 * The state of one (view, window, group) built from one source partition.
 * Mutable on purpose: the per-event path folds into it without allocating.
 * Sessions keep one per open group; fixed windows keep their groups in
 * columns (see OpenWindow) and build one when a group is emitted.
 */
export interface WindowState {
  readonly start: number;
  /** Fixed for tumbling and hopping windows; grows as a session extends. */
  end: number;
  readonly group: readonly string[];
  /** One aggregator state per measure, in the view's measure order. */
  readonly measures: unknown[];
  /** Offset of the first event folded in: the replay point while this window is open. */
  firstOffset: number;
  /** Offset of the last event folded in: the result version is derived from it. */
  lastOffset: number;
  /** Changed since its last emitted update; queued once in ChangedWindows. */
  dirty: boolean;
  /** Final emitted and dropped; a stale entry in ChangedWindows is skipped. */
  closed: boolean;
}

/** A fresh state for a window and group. */
export function newWindowState(start: number, end: number, group: readonly string[], measures: unknown[], offset: number): WindowState {
  return { start, end, group, measures, firstOffset: offset, lastOffset: offset, dirty: false, closed: false };
}
