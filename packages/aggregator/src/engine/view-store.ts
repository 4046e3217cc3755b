import type { EventRecord } from '@sluice/core';
import type { EmissionSink } from './emission';
import type { WindowState } from './window-state';

/** A state read back from the state topic, with its key there and whether it is the overflow group's. */
export interface CheckpointedState {
  readonly key: string;
  readonly state: WindowState;
  readonly overflow: boolean;
}

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
  /** From now on, notes changed states for takeCheckpointChanges. */
  trackCheckpoints(): void;
  /** The open states changed since the last call (after trackCheckpoints), each once. */
  takeCheckpointChanges(): WindowState[];
  /** True for the group array of this store's overflow group. */
  isOverflowGroup(group: readonly string[]): boolean;
  /**
   * Puts back states read from the state topic, before any event is folded,
   * and marks them changed (a one-time re-emit, same versions and contents).
   * Returns the ones not kept: windows closed under `watermark` (their finals
   * were emitted before the commit) and, for sessions, states a merge had
   * absorbed (their retraction is queued again). From then on an event is not
   * folded into a state whose last offset is at or past its own: the state
   * already holds it.
   */
  restore(states: readonly CheckpointedState[], watermark: number): CheckpointedState[];
}
