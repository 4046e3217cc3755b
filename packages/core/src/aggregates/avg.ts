import { toMeasureNumber } from '../event/read-field';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';

/** The partial state of an average: merged by adding both parts, divided only at the end. */
export interface AverageState {
  sum: number;
  count: number;
}

/** avg: sum / count of the numeric values, null when there are none. */
export const avgAggregator: MeasureAggregator<AverageState> = {
  kind: 'avg',
  create: () => ({ sum: 0, count: 0 }),
  add: (state, value) => addNumber(state, toMeasureNumber(value)),
  prepare: toMeasureNumber,
  addPrepared: addNumber,
  merge: (a, b) => {
    a.sum += b.sum;
    a.count += b.count;
    return a;
  },
  result: (state) => (state.count === 0 ? null : state.sum / state.count),
  toWire: (state) => ({ kind: 'avg', sum: state.sum, count: state.count }),
  fromWire: (wire) => {
    const avg = expectWire('avg', wire);
    return { sum: avg.sum, count: avg.count };
  },
};

function addNumber(state: AverageState, number: number | undefined): AverageState {
  if (number !== undefined) {
    state.sum += number;
    state.count++;
  }
  return state;
}
