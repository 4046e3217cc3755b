import { toMeasureNumber } from '../event/read-field';
import { DDSketch } from '../sketches/ddsketch';
import { DDSKETCH_KEY_OFFSET, DDSKETCH_MAX_INDEX } from '../sketches/ddsketch-mapping';
import { ddsketchQuantileSql } from '../sql/sketch-sql';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';
import { isFieldName, oracleNumbers, type MeasureKindDefinition, type MeasureStateOf } from './measure-kind';
import { wireIntegers, wireSameLength } from './wire-checks';

const MAX_KEY = DDSKETCH_MAX_INDEX + DDSKETCH_KEY_OFFSET;

/** Bucket keys ascending within the sketch's key range, and a count per key. */
const checkWire = (state: Readonly<Record<string, unknown>>, at: string): MeasureStateOf<'quantile'> => {
  const keys = wireIntegers(state['keys'], `${at}.keys`, -MAX_KEY, MAX_KEY, true);
  const counts = wireIntegers(state['counts'], `${at}.counts`, 0, Number.MAX_SAFE_INTEGER);
  wireSameLength(keys, counts, `${at}.keys`, `${at}.counts`);
  return { kind: 'quantile', keys, counts };
};

/** quantile(q): a DDSketch of the numeric values (1% relative accuracy), read at level q. */
export function quantileAggregator(q: number): MeasureAggregator<DDSketch> {
  return {
    kind: 'quantile',
    create: () => new DDSketch(),
    add: (state, value) => {
      const number = toMeasureNumber(value);
      if (number !== undefined) state.add(number);
      return state;
    },
    prepare: toMeasureNumber,
    addPrepared: (state, number) => {
      if (number !== undefined) state.add(number);
      return state;
    },
    merge: (a, b) => a.merge(b),
    result: (state) => state.quantile(q),
    toWire: (state) => ({ kind: 'quantile', ...state.toBuckets() }),
    fromWire: (wire) => {
      const { keys, counts } = expectWire('quantile', wire, checkWire);
      const sketch = new DDSketch();
      for (let i = 0; i < keys.length; i++) sketch.addKey(keys[i] as number, counts[i] as number);
      return sketch;
    },
  };
}

const USAGE = 'as in quantile(0.95, latency_ms)';

/** `quantile(q, field)` of a number field: a DDSketch served at level q; exact in the batch layer. */
export const quantileMeasure: MeasureKindDefinition<'quantile'> = {
  kind: 'quantile',
  form: 'quantile(q, field) with 0 <= q <= 1',
  parse: (args) => {
    if (args === undefined) return undefined;
    const [level, field] = args;
    const q = Number(level);
    if (args.length !== 2 || level === undefined || level === '' || !(q >= 0 && q <= 1)) return { error: `quantile needs a level between 0 and 1 and a field, ${USAGE}` };
    if (!isFieldName(field)) return { error: `quantile needs a field name after its level, ${USAGE}` };
    return { kind: 'quantile', q, field };
  },
  fieldRule: 'number',
  aggregator: (measure) => quantileAggregator(measure.q),
  stateParts: [
    { suffix: 'keys', field: 'keys', type: 'Array(Int16)' },
    { suffix: 'counts', field: 'counts', type: 'Array(UInt64)' },
  ],
  checkWire,
  servedType: 'Nullable(Float64)',
  mergeSql: (measure, [keys = '', counts = ''], alias) => ({
    steps: [{ alias: alias('merged'), expression: `sumMap(${keys}, ${counts})` }],
    served: ddsketchQuantileSql(measure.q, `tupleElement(${alias('merged')}, 1)`, `tupleElement(${alias('merged')}, 2)`),
  }),
  exactSql: (measure, columns) => `quantileExact(${measure.q})(${columns.number(measure.field)})`,
  acrossGroups: 'avg',
  // The quantile ClickHouse's quantileExact picks: the sorted value at floor(q * n).
  oracle: (measure, events) => {
    const numbers = oracleNumbers(events, measure.field);
    if (numbers.length === 0) return null;
    const sorted = [...numbers].sort((a, b) => a - b);
    return sorted[Math.min(Math.floor(measure.q * sorted.length), sorted.length - 1)] as number;
  },
};
