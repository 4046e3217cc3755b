import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';
import type { MeasureKindDefinition, MeasureStateOf } from './measure-kind';
import { wireCount } from './wire-checks';

const checkWire = (state: Readonly<Record<string, unknown>>, at: string): MeasureStateOf<'count'> => ({ kind: 'count', count: wireCount(state['count'], `${at}.count`) });

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
  fromWire: (wire) => expectWire('count', wire, checkWire).count,
};

/** `count` (or `count()`): reads no field. */
export const countMeasure: MeasureKindDefinition<'count'> = {
  kind: 'count',
  form: 'count',
  parse: (args) => (args === undefined || args.length === 0 ? { kind: 'count' } : undefined),
  fieldRule: 'none',
  aggregator: () => countAggregator,
  stateParts: [{ suffix: 'count', field: 'count', type: 'UInt64' }],
  checkWire,
  servedType: 'UInt64',
  mergeSql: (_measure, [count = ''], alias) => ({ steps: [{ alias: alias('merged'), expression: `sum(${count})` }], served: alias('merged') }),
  exactSql: () => 'count()',
  acrossGroups: 'sum',
  oracle: (_measure, events) => events.length,
};
