import { toMeasureNumber } from '../event/read-field';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';
import { oracleNumbers, parseOneField, type MeasureKindDefinition, type MeasureStateOf } from './measure-kind';
import { wireFinite } from './wire-checks';

const checkWire = (state: Readonly<Record<string, unknown>>, at: string): MeasureStateOf<'sum'> => ({ kind: 'sum', sum: wireFinite(state['sum'], `${at}.sum`) });

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
  fromWire: (wire) => expectWire('sum', wire, checkWire).sum,
};

/** `sum(field)` of a number field. */
export const sumMeasure: MeasureKindDefinition<'sum'> = {
  kind: 'sum',
  form: 'sum(field)',
  parse: parseOneField('sum'),
  fieldRule: 'number',
  aggregator: () => sumAggregator,
  stateParts: [{ suffix: 'sum', field: 'sum', type: 'Float64' }],
  checkWire,
  servedType: 'Float64',
  mergeSql: (_measure, [sum = ''], alias) => ({ steps: [{ alias: alias('merged'), expression: `sum(${sum})` }], served: alias('merged') }),
  exactSql: (measure, columns) => `toFloat64(ifNull(sum(${columns.number(measure.field)}), 0))`,
  acrossGroups: 'sum',
  oracle: (measure, events) => oracleNumbers(events, measure.field).reduce((total, value) => total + value, 0),
};
