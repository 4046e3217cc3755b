/**
 * The record the speed layer writes to the results topic and the serving
 * sink reads. One record is the partial state of one (view, window, group)
 * computed from ONE source partition: partitions never share state, so any
 * number of aggregator instances can own disjoint partition sets, and the
 * serving view merges the partial states of all partitions at read time.
 */
export interface WindowResult {
  readonly view: string;
  /** Window bounds, epoch ms, half-open [windowStart, windowEnd). */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Group field values, stringified, in the view's groupBy order. */
  readonly group: readonly string[];
  /** Source partition whose events this partial state covers. */
  readonly partition: number;
  /**
   * Deterministic version: 2 * (offset of the last event folded in) + (final ? 1 : 0).
   * A replay after a crash rebuilds the same state at the same offset, so the
   * same version always carries the same content and a newer one supersedes it.
   */
  readonly version: number;
  readonly final: boolean;
  /** True when this window row no longer exists (a session merged into another). */
  readonly retracted: boolean;
  /** Partial states keyed by measure name. */
  readonly states: Readonly<Record<string, MeasureState>>;
}

/** Wire form of a mergeable partial state, one shape per measure kind. */
export type MeasureState =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'sum'; readonly sum: number }
  | { readonly kind: 'min' | 'max'; readonly value: number | null }
  | { readonly kind: 'avg'; readonly sum: number; readonly count: number }
  /** Sparse HyperLogLog registers (precision 14): non-zero register indexes ascending, and their ranks. */
  | { readonly kind: 'uniq'; readonly registers: readonly number[]; readonly ranks: readonly number[] }
  /** DDSketch bucket keys ascending and their counts (relative accuracy 1%). */
  | { readonly kind: 'quantile'; readonly keys: readonly number[]; readonly counts: readonly number[] };
