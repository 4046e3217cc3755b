import { toMeasureNumber } from '../event/read-field';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';
import { oracleNumbers, parseOneField, type MeasureKindDefinition, type MeasureStateOf } from './measure-kind';
import { wireCount, wireFinite } from './wire-checks';

/** The partial state of an average: merged by adding both parts, divided only at the end. */
export interface AverageState {
  sum: number;
  count: number;
}

const checkWire = (state: Readonly<Record<string, unknown>>, at: string): MeasureStateOf<'avg'> => ({
  kind: 'avg',
  sum: wireFinite(state['sum'], `${at}.sum`),
  count: wireCount(state['count'], `${at}.count`),
});

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
    const avg = expectWire('avg', wire, checkWire);
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

/** `avg(field)` of a number field: a sum and a count, divided when served. */
export const avgMeasure: MeasureKindDefinition<'avg'> = {
  kind: 'avg',
  form: 'avg(field)',
  parse: parseOneField('avg'),
  fieldRule: 'number',
  aggregator: () => avgAggregator,
  stateParts: [
    { suffix: 'sum', field: 'sum', type: 'Float64' },
    { suffix: 'count', field: 'count', type: 'UInt64' },
  ],
  checkWire,
  servedType: 'Nullable(Float64)',
  mergeSql: (_measure, [sumPart = '', countPart = ''], alias) => {
    const sum = alias('merged_sum');
    const count = alias('merged_count');
    return {
      steps: [
        { alias: sum, expression: `sum(${sumPart})` },
        { alias: count, expression: `sum(${countPart})` },
      ],
      served: `if(${count} = 0, NULL, ${sum} / ${count})`,
    };
  },
  exactSql: (measure, columns) => `avg(${columns.number(measure.field)})`,
  acrossGroups: 'avg',
  oracle: (measure, events) => {
    const numbers = oracleNumbers(events, measure.field);
    return numbers.length === 0 ? null : numbers.reduce((total, value) => total + value, 0) / numbers.length;
  },
};
