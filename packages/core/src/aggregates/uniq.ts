import { groupValueString } from '../event/group-key';
import { HLL_MAX_RANK, HLL_REGISTERS } from '../sketches/hll-estimate';
import { HyperLogLog } from '../sketches/hyperloglog';
import { murmur3Utf8 } from '../sketches/murmur3';
import { hllEstimateSql } from '../sql/sketch-sql';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire } from './measure-aggregator';
import { parseOneField, type MeasureKindDefinition, type MeasureStateOf } from './measure-kind';
import { wireIntegers, wireSameLength } from './wire-checks';

/** Sparse registers: indexes ascending within the sketch, ranks as a 32-bit hash can give them. */
const checkWire = (state: Readonly<Record<string, unknown>>, at: string): MeasureStateOf<'uniq'> => {
  const registers = wireIntegers(state['registers'], `${at}.registers`, 0, HLL_REGISTERS - 1, true);
  const ranks = wireIntegers(state['ranks'], `${at}.ranks`, 1, HLL_MAX_RANK);
  wireSameLength(registers, ranks, `${at}.registers`, `${at}.ranks`);
  return { kind: 'uniq', registers, ranks };
};

/**
 * uniq: distinct values by HyperLogLog (p = 14, error in docs/accuracy.md),
 * over murmur3 of each value's text form, so 7 and "7" count as one value.
 * Missing and null values are skipped, as ClickHouse's uniq skips NULL.
 */
export const uniqAggregator: MeasureAggregator<HyperLogLog> = {
  kind: 'uniq',
  create: () => new HyperLogLog(),
  add: (state, value) => {
    if (value !== undefined && value !== null) state.addHash(murmur3Utf8(groupValueString(value)));
    return state;
  },
  prepare: (value) => (value === undefined || value === null ? undefined : murmur3Utf8(groupValueString(value))),
  addPrepared: (state, hash) => {
    if (hash !== undefined) state.addHash(hash);
    return state;
  },
  merge: (a, b) => a.merge(b),
  result: (state) => state.estimate(),
  toWire: (state) => ({ kind: 'uniq', ...state.toRegisters() }),
  fromWire: (wire) => {
    const { registers, ranks } = expectWire('uniq', wire, checkWire);
    const sketch = new HyperLogLog();
    for (let i = 0; i < registers.length; i++) sketch.raise(registers[i] as number, ranks[i] as number);
    return sketch;
  },
};

/** `uniq(field)` of any field: served as the HyperLogLog estimate over the registers merged by maxMap. */
export const uniqMeasure: MeasureKindDefinition<'uniq'> = {
  kind: 'uniq',
  form: 'uniq(field)',
  parse: parseOneField('uniq'),
  fieldRule: 'any',
  aggregator: () => uniqAggregator,
  stateParts: [
    { suffix: 'registers', field: 'registers', type: 'Array(UInt16)' },
    { suffix: 'ranks', field: 'ranks', type: 'Array(UInt8)' },
  ],
  checkWire,
  servedType: 'UInt64',
  mergeSql: (_measure, [registers = '', ranks = ''], alias) => ({
    steps: [{ alias: alias('merged'), expression: `maxMap(${registers}, ${ranks})` }],
    served: hllEstimateSql(`tupleElement(${alias('merged')}, 1)`, `tupleElement(${alias('merged')}, 2)`),
  }),
  exactSql: (measure, columns) => `uniqExact(${columns.text(measure.field)})`,
  acrossGroups: 'sum',
  oracle: (measure, events, text) => {
    const seen = new Set<string>();
    for (const event of events) {
      const value = event[measure.field];
      if (value !== undefined && value !== null) seen.add(text(value));
    }
    return seen.size;
  },
};
