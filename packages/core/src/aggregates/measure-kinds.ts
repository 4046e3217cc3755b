import type { Measure, MeasureKind, MeasureSpec } from '../config/types';
import type { MeasureState } from '../results/window-result';
import { avgMeasure } from './avg';
import { countMeasure } from './count';
import { maxMeasure, minMeasure } from './extremum';
import type { MeasureKindDefinition } from './measure-kind';
import { quantileMeasure } from './quantile';
import { sumMeasure } from './sum';
import { uniqMeasure } from './uniq';
import { InvalidMeasureStateError, wireObject } from './wire-checks';

/**
 * Every measure kind, keyed by its name, in the order messages list them.
 * `satisfies` makes a new member of MeasureKind a compile error here until
 * its kind exists; every per-kind lookup goes through this table.
 */
export const MEASURE_KINDS = {
  count: countMeasure,
  sum: sumMeasure,
  min: minMeasure,
  max: maxMeasure,
  avg: avgMeasure,
  uniq: uniqMeasure,
  quantile: quantileMeasure,
} satisfies { readonly [K in MeasureKind]: MeasureKindDefinition<K> };

/** The kind of a measure spec. */
export function measureKindOf<M extends MeasureSpec>(measure: M): MeasureKindDefinition<M['kind']> {
  return MEASURE_KINDS[measure.kind] as MeasureKindDefinition<M['kind']>;
}

/** True when `name` names a measure kind. */
export function isMeasureKind(name: unknown): name is MeasureKind {
  return typeof name === 'string' && Object.hasOwn(MEASURE_KINDS, name);
}

/**
 * The one validator of a wire state from outside (the results topic): an
 * object of the measure's kind whose parts pass the kind's check. Throws
 * InvalidMeasureStateError naming the part under `at` that is wrong.
 *
 * @example checkMeasureState(measure, record.states[measure.name], `states.${measure.name}`)
 */
export function checkMeasureState(measure: Measure, value: unknown, at: string): MeasureState {
  const state = wireObject(value, at);
  if (state['kind'] !== measure.kind) throw new InvalidMeasureStateError(`${at}.kind must be ${measure.kind}, got ${JSON.stringify(state['kind'])}`);
  return measureKindOf(measure).checkWire(state, at);
}
