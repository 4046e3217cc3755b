import type { EventRecord } from '@sluice/core';
import type { EmissionSink } from './emission';

/** How one event fared in one view. */
export const FOLD = { filtered: 0, accepted: 1, late: 2 } as const;
export type FoldOutcome = (typeof FOLD)[keyof typeof FOLD];

/**
 * The open windows of one view built from one source partition. Two shapes
 * implement it: fixed windows (tumbling, hopping) and sessions.
 */
export interface ViewStore {
  /**
   * Folds an event that passed the view's filter. Windows the watermark has
   * closed (end + lateness) refuse it: `late` when it landed in no window.
   * `replaying` is true while records already processed before a restart are
   * re-read (see the package README).
   */
  fold(event: EventRecord, ts: number, offset: number, watermark: number, replaying: boolean): FoldOutcome;
  /**
   * The end of a replay: forgets, without emitting, every window closed under
   * the restored watermark and every retraction queued while replaying (those
   * were emitted before the restart).
   */
  endReplay(watermark: number): void;
  /**
   * Emits finals for windows closed under `watermark` (and drops them), then,
   * when `updates` is true, updates for changed ones; otherwise they stay
   * queued for a later collect.
   */
  collect(watermark: number, sink: EmissionSink, updates: boolean): void;
  /** Smallest first offset of any open window, or Infinity. */
  minFirstOffset(): number;
  /** Open windows and (window, group) states, for metrics. */
  size(): { windows: number; entries: number };
  /** (event, window) folds into an overflow group since the last call, replays excluded; for metrics. */
  takeOverflowFolds(): number;
}
