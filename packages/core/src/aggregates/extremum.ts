import { toMeasureNumber } from '../event/read-field';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';
import { oracleNumbers, parseOneField, type MeasureKindDefinition, type MeasureStateOf } from './measure-kind';
import { wireFinite } from './wire-checks';

type Extreme = 'min' | 'max';

function checkWireOf<K extends Extreme>(kind: K): (state: Readonly<Record<string, unknown>>, at: string) => MeasureStateOf<K> {
  return (state, at) => ({ kind, value: state['value'] === null ? null : wireFinite(state['value'], `${at}.value`) }) as MeasureStateOf<K>;
}

/** min or max: the extreme numeric value, null when there is none. */
function extremum<K extends Extreme>(kind: K): MeasureAggregator<number | null> {
  const pick = kind === 'min' ? Math.min : Math.max;
  const merge = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : pick(a, b));
  const checkWire = checkWireOf(kind);
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
    fromWire: (wire) => expectWire(kind, wire, checkWire).value,
  };
}

export const minAggregator = extremum('min');
export const maxAggregator = extremum('max');

/** `min(field)` or `max(field)` of a number field; their state columns differ in suffix, so one never serves the other's. */
function extremeMeasure<K extends Extreme>(kind: K, aggregator: MeasureAggregator<number | null>): MeasureKindDefinition<K> {
  const pick = kind === 'min' ? (a: number, b: number) => (b < a ? b : a) : (a: number, b: number) => (b > a ? b : a);
  return {
    kind,
    form: `${kind}(field)`,
    parse: parseOneField(kind),
    fieldRule: 'number',
    aggregator: () => aggregator,
    stateParts: [{ suffix: kind, field: 'value', type: 'Nullable(Float64)' }],
    checkWire: checkWireOf(kind),
    servedType: 'Nullable(Float64)',
    mergeSql: (_measure, [value = ''], alias) => ({ steps: [{ alias: alias('merged'), expression: `${kind}(${value})` }], served: alias('merged') }),
    exactSql: (measure, columns) => `${kind}(${columns.number(measure.field)})`,
    acrossGroups: kind,
    oracle: (measure, events) => {
      const numbers = oracleNumbers(events, measure.field);
      return numbers.length === 0 ? null : numbers.reduce(pick);
    },
  };
}

export const minMeasure = extremeMeasure('min', minAggregator);
export const maxMeasure = extremeMeasure('max', maxAggregator);
