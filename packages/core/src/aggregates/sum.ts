import { toMeasureNumber } from '../event/read-field';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';

/** sum: the total of the numeric values; 0 when there are none, as in ClickHouse. */
export const sumAggregator: MeasureAggregator<number> = {
  kind: 'sum',
  create: () => 0,
  add: (state, value) => {
    const number = toMeasureNumber(value);
    return number === undefined ? state : state + number;
  },
  prepare: toMeasureNumber,
  addPrepared: (state, number) => (number === undefined ? state : state + number),
  merge: (a, b) => a + b,
  result: (state) => state,
  toWire: (state) => ({ kind: 'sum', sum: state }),
  fromWire: (wire) => expectWire('sum', wire).sum,
};
