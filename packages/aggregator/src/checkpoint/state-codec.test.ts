import { aggregatorFor, MEASURE_KINDS, type Measure } from '@sluice/core';
import { testView } from '../engine/test-views';
import { newWindowState } from '../engine/window-state';
import { parseStateKey, StateCodec, stateKey, stateKeyPrefix } from './state-codec';

const MEASURES: Measure[] = [
  { name: 'n', kind: 'count' },
  { name: 's', kind: 'sum', field: 'x' },
  { name: 'lo', kind: 'min', field: 'x' },
  { name: 'hi', kind: 'max', field: 'x' },
  { name: 'mean', kind: 'avg', field: 'x' },
  { name: 'users', kind: 'uniq', field: 'x' },
  { name: 'p95', kind: 'quantile', field: 'x', q: 0.95 },
];

describe('state codec', () => {
  const view = testView({ type: 'session', gapMs: 1_000 }, { name: 'every_kind', measures: MEASURES, groupBy: ['user', 'page'] });
  const codec = new StateCodec(view);
  const aggregators = MEASURES.map((measure) => aggregatorFor(measure));

  it('covers every measure kind', () => {
    expect(MEASURES.map((measure) => measure.kind).sort()).toEqual(Object.keys(MEASURE_KINDS).sort());
  });

  it('round-trips a state of every measure kind, empty and filled, with bounds, group and offsets', () => {
    for (const values of [[], [3, -1.5, 7, 7, 12.25, 'n/a', null]]) {
      const measures = aggregators.map((aggregator) => values.reduce((state: unknown, value) => aggregator.add(state, value), aggregator.create()));
      const state = newWindowState(1_000, 5_500, ['u|1', '"p"'], measures, 17);
      state.lastOffset = 42;
      const back = codec.decode(codec.encode(state));
      expect({ ...back, measures: back.measures.map((m, i) => aggregators[i]!.toWire(m)) }).toEqual({ ...state, measures: measures.map((m, i) => aggregators[i]!.toWire(m)) });
      expect(back.measures.map((m, i) => aggregators[i]!.result(m))).toEqual(measures.map((m, i) => aggregators[i]!.result(m)));
    }
  });

  it('refuses a value that is not a state of the view', () => {
    expect(() => codec.decode(Buffer.from('{"s":0}'))).toThrow(expect.objectContaining({ code: 'AGGREGATOR_STATE_UNREADABLE' }));
    expect(() => new StateCodec(testView({ type: 'tumbling', sizeMs: 1_000 })).decode(codec.encode(newWindowState(0, 1, ['a', 'b'], aggregators.map((a) => a.create()), 0)))).toThrow(
      expect.objectContaining({ code: 'AGGREGATOR_STATE_UNREADABLE' }),
    );
  });

  it('keys a state by source partition, view, window start and group, the view readable back', () => {
    const key = stateKey('events', 3, 'every_kind', 1_000, ['a|b', 'c'], false);
    expect(key).toBe('events|3|every_kind|1000|["a|b","c"]');
    expect(key.startsWith(stateKeyPrefix('events', 3))).toBe(true);
    expect(key.startsWith(stateKeyPrefix('events', 31))).toBe(false);
    expect(parseStateKey(key, stateKeyPrefix('events', 3))).toEqual({ view: 'every_kind', overflow: false });
    expect(stateKey('events', 3, 'every_kind', 1_000, ['a', 'b|c'], false)).not.toBe(key);
  });

  it('keys the overflow group apart from a real group with the same values', () => {
    const overflow = stateKey('events', 0, 'v', 0, ['__other__'], true);
    expect(overflow).not.toBe(stateKey('events', 0, 'v', 0, ['__other__'], false));
    expect(parseStateKey(overflow, stateKeyPrefix('events', 0))).toEqual({ view: 'v', overflow: true });
    expect(parseStateKey(stateKey('events', 0, 'v', 0, ['*'], false), stateKeyPrefix('events', 0)).overflow).toBe(false);
  });
});
