import { toMeasureNumber } from '../event/read-field';
import { DDSketch } from '../sketches/ddsketch';
import { DDSKETCH_KEY_OFFSET, DDSKETCH_MAX_INDEX } from '../sketches/ddsketch-mapping';
import type { MeasureAggregator } from './measure-aggregator';
import { expectWire, MeasureStateError } from './measure-aggregator';

const MAX_KEY = DDSKETCH_MAX_INDEX + DDSKETCH_KEY_OFFSET;

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
      const { keys, counts } = expectWire('quantile', wire);
      if (keys.length !== counts.length) throw new MeasureStateError('quantile', wire, 'keys and counts differ in length');
      const sketch = new DDSketch();
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as number;
        const count = counts[i] as number;
        if (!(Number.isInteger(key) && Math.abs(key) <= MAX_KEY && Number.isInteger(count) && count >= 0)) {
          throw new MeasureStateError('quantile', wire, `bucket ${key} with count ${count} is out of range`);
        }
        sketch.addKey(key, count);
      }
      return sketch;
    },
  };
}
