import { SluiceError } from '../errors/sluice-error';
import type { MeasureKind } from '../config/types';
import type { MeasureState } from '../results/window-result';
import { InvalidMeasureStateError } from './wire-checks';

/**
 * How one measure kind folds events into a mergeable partial state `S`.
 * `add` and `merge` may mutate and return their first argument (never the
 * second), so callers keep whatever they return. `merge` is associative and
 * commutative, and merging partial states in any order equals adding every
 * value to one state.
 */
export interface MeasureAggregator<S> {
  readonly kind: MeasureKind;
  /** An empty state. */
  create(): S;
  /** Folds in one event's field value; numeric measures skip missing and non-numeric values. */
  add(state: S, value: unknown): S;
  /**
   * The part of `add` that depends on the value alone (the number read, or the
   * uniq hash), undefined when the value is skipped. An event folded into
   * several windows (hopping) prepares once and calls addPrepared per window:
   * `add(s, v)` equals `addPrepared(s, prepare(v))`.
   */
  prepare(value: unknown): number | undefined;
  /** Folds in a value returned by prepare. */
  addPrepared(state: S, prepared: number | undefined): S;
  /** Folds `b` into `a`. */
  merge(a: S, b: S): S;
  /** The measure's value: null when nothing numeric was seen (min, max, avg, quantile). */
  result(state: S): number | null;
  /** The wire form written to the results topic. */
  toWire(state: S): MeasureState;
  /** Rebuilds a state from its wire form; throws MeasureStateError for another kind. */
  fromWire(wire: MeasureState): S;
}

/** A wire state that cannot belong to the measure reading it. */
export class MeasureStateError extends SluiceError {
  constructor(expected: MeasureKind, wire: MeasureState | { readonly kind: string }, detail = '', cause?: unknown) {
    super('MEASURE_STATE_MISMATCH', `expected a ${expected} state, got ${wire.kind}${detail ? `: ${detail}` : ''}`, { cause });
  }
}

/**
 * Narrows a wire state to the expected kind and checks its parts with the
 * kind's one wire check; throws MeasureStateError otherwise.
 */
export function expectWire<K extends MeasureState['kind']>(
  kind: K,
  wire: MeasureState,
  check: (state: Readonly<Record<string, unknown>>, at: string) => MeasureState & { readonly kind: K },
): MeasureState & { readonly kind: K } {
  if (wire.kind !== kind) throw new MeasureStateError(kind, wire);
  try {
    return check(wire as unknown as Readonly<Record<string, unknown>>, kind);
  } catch (error) {
    if (error instanceof InvalidMeasureStateError) throw new MeasureStateError(kind, wire, `parts out of range or malformed: ${error.message}`, error);
    throw error;
  }
}
