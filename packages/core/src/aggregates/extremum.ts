import { toMeasureNumber } from '../event/read-field';
import type { MeasureAggregator } from './measure-aggregator';
import { MeasureStateError } from './measure-aggregator';

/** min or max: the extreme numeric value, null when there is none. */
function extremum(kind: 'min' | 'max'): MeasureAggregator<number | null> {
  const pick = kind === 'min' ? Math.min : Math.max;
  const merge = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : pick(a, b));
  return {
    kind,
    create: () => null,
    add: (state, value) => {
      const number = toMeasureNumber(value);
      return number === undefined ? state : merge(state, number);
    },
    prepare: toMeasureNumber,
    addPrepared: (state, number) => (number === undefined ? state : merge(state, number)),
    merge,
    result: (state) => state,
    toWire: (state) => ({ kind, value: state }),
    fromWire: (wire) => {
      if (wire.kind !== kind) throw new MeasureStateError(kind, wire);
      return wire.value;
    },
  };
}

export const minAggregator = extremum('min');
export const maxAggregator = extremum('max');
