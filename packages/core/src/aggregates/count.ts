import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';

/** count: every event that passed the view's filter, whatever its fields. */
export const countAggregator: MeasureAggregator<number> = {
  kind: 'count',
  create: () => 0,
  add: (state) => state + 1,
  prepare: () => 1,
  addPrepared: (state) => state + 1,
  merge: (a, b) => a + b,
  result: (state) => state,
  toWire: (state) => ({ kind: 'count', count: state }),
  fromWire: (wire) => expectWire('count', wire).count,
};
