import { groupValueString } from '../event/group-key';
import { HLL_MAX_RANK, HLL_REGISTERS } from '../sketches/hll-estimate';
import { HyperLogLog } from '../sketches/hyperloglog';
import { murmur3Utf8 } from '../sketches/murmur3';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire, MeasureStateError } from './measure-aggregator';

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
    const { registers, ranks } = expectWire('uniq', wire);
    if (registers.length !== ranks.length) throw new MeasureStateError('uniq', wire, 'registers and ranks differ in length');
    const sketch = new HyperLogLog();
    for (let i = 0; i < registers.length; i++) {
      const index = registers[i] as number;
      const rank = ranks[i] as number;
      if (!(Number.isInteger(index) && index >= 0 && index < HLL_REGISTERS && Number.isInteger(rank) && rank >= 1 && rank <= HLL_MAX_RANK)) {
        throw new MeasureStateError('uniq', wire, `register ${index} with rank ${rank} is out of range`);
      }
      sketch.raise(index, rank);
    }
    return sketch;
  },
};
