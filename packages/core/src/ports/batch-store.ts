import type { ViewDefinition } from '../config/types';
import type { RecomputeRange } from '../sql/batch-recompute';

/** A late event as dirty marking sees it: its event time and its value of the view's session key. */
export interface KeyedEventTime {
  readonly time: number;
  readonly key: string;
}

/**
 * The batch rows of every view: exact recomputations of periods from the
 * raw store, one generation per run, with their reconciliation against the
 * speed rows. Writing a generation changes nothing that is served until the
 * progress store records its periods final; the generations it supersedes
 * are dropped later, by the RetentionStore.
 */
export interface BatchStore {
  /** Recomputes the windows of `[fromMs, toMs)` from the raw store as batch rows of `generation`. */
  writeGeneration(view: ViewDefinition, range: RecomputeRange): Promise<void>;
  /** Records, per window, how the speed rows of the range differ from the batch rows of `generation`. */
  writeReconciliation(view: ViewDefinition, range: RecomputeRange): Promise<void>;
  /**
   * Periods of served batch sessions that the events extend or join: sessions
   * of the same key that an event falls into or within one gap before.
   */
  sessionPeriodsJoinedBy(view: ViewDefinition, keyField: string, events: readonly KeyedEventTime[]): Promise<number[]>;
}
