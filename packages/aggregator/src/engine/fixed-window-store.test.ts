import { windowsOf, type FixedWindowSpec, type Measure } from '@sluice/core';
import { seededRandom } from '../../../../test/support/seeded-random';
import type { EmissionSink } from './emission';
import { FixedWindowStore } from './fixed-window-store';
import { MeasureFolder } from './measure-folder';
import { testView } from './test-views';
import { FOLD } from './view-store';
import type { WindowState } from './window-state';

type Emitted = { kind: string; start: number; group: readonly string[]; lastOffset: number; measures: unknown[] };

function recorder(): { sink: EmissionSink; emitted: Emitted[] } {
  const emitted: Emitted[] = [];
  const record = (kind: string, state: WindowState) =>
    emitted.push({ kind, start: state.start, group: state.group, lastOffset: state.lastOffset, measures: [...state.measures] });
  return {
    emitted,
    sink: { window: record, retraction: () => { throw new Error('fixed windows never retract'); } },
  };
}

describe('FixedWindowStore', () => {
  const tumbling = testView({ type: 'tumbling', sizeMs: 10_000 });

  it('folds events per window and group, and emits each changed window once per collect', () => {
    const store = new FixedWindowStore({ sizeMs: 10_000, hopMs: 10_000 }, tumbling, new MeasureFolder(tumbling.measures));
    store.fold({ user: 'a', amount: 2 }, 1_000, 0, -Infinity, false);
    store.fold({ user: 'a', amount: 3 }, 9_999, 1, -Infinity, false);
    store.fold({ user: 'b', amount: 1 }, 10_000, 2, -Infinity, false);
    const { sink, emitted } = recorder();
    store.collect(0, sink, true);
    expect(emitted).toEqual([
      { kind: 'update', start: 0, group: ['a'], lastOffset: 1, measures: [2, 5] },
      { kind: 'update', start: 10_000, group: ['b'], lastOffset: 2, measures: [1, 1] },
    ]);
    emitted.length = 0;
    store.collect(0, sink, true);
    expect(emitted).toEqual([]);
    expect(store.size()).toEqual({ windows: 2, entries: 2 });
    expect(store.minFirstOffset()).toBe(0);
  });

  it('emits a final once the watermark passes end + lateness, then forgets the window', () => {
    const store = new FixedWindowStore({ sizeMs: 10_000, hopMs: 10_000 }, tumbling, new MeasureFolder(tumbling.measures));
    store.fold({ user: 'a', amount: 2 }, 1_000, 7, -Infinity, false);
    const { sink, emitted } = recorder();
    store.collect(14_999, sink, true);
    expect(emitted.map((e) => e.kind)).toEqual(['update']);
    store.collect(15_000, sink, true);
    expect(emitted.map((e) => e.kind)).toEqual(['update', 'final']);
    expect(store.size()).toEqual({ windows: 0, entries: 0 });
    expect(store.minFirstOffset()).toBe(Infinity);
    expect(store.fold({ user: 'a', amount: 1 }, 2_000, 8, 15_000, false)).toBe(FOLD.late);
  });

  it('places a hopping event in every window holding it, refusing only the closed ones', () => {
    const hopping = testView({ type: 'hopping', sizeMs: 20_000, hopMs: 10_000 });
    const store = new FixedWindowStore({ sizeMs: 20_000, hopMs: 10_000 }, hopping, new MeasureFolder(hopping.measures));
    expect(store.fold({ user: 'a', amount: 1 }, 15_000, 0, -Infinity, false)).toBe(FOLD.accepted);
    expect(store.size().windows).toBe(2);
    // Window [0, 20s) closes at 25s; [10s, 30s) stays open.
    expect(store.fold({ user: 'a', amount: 1 }, 15_000, 1, 25_000, false)).toBe(FOLD.accepted);
    const { sink, emitted } = recorder();
    store.collect(25_000, sink, true);
    expect(emitted).toEqual([
      { kind: 'final', start: 0, group: ['a'], lastOffset: 0, measures: [1, 1] },
      { kind: 'update', start: 10_000, group: ['a'], lastOffset: 1, measures: [2, 2] },
    ]);
  });

  it('folds each hopping event once, into every window, as folding it per window would (random events, every measure kind)', () => {
    const measures: Measure[] = [
      { name: 'n', kind: 'count' },
      { name: 'total', kind: 'sum', field: 'amount' },
      { name: 'low', kind: 'min', field: 'amount' },
      { name: 'high', kind: 'max', field: 'amount' },
      { name: 'mean', kind: 'avg', field: 'amount' },
      { name: 'users', kind: 'uniq', field: 'user' },
      { name: 'p90', kind: 'quantile', field: 'amount', q: 0.9 },
    ];
    const hopping = testView({ type: 'hopping', sizeMs: 50_000, hopMs: 10_000 }, { groupBy: ['page'], measures });
    const folder = new MeasureFolder(measures);
    const store = new FixedWindowStore({ sizeMs: 50_000, hopMs: 10_000 }, hopping, folder);
    const expected = new Map<string, unknown[]>();
    const random = seededRandom(13);
    for (let offset = 0; offset < 2_000; offset++) {
      const event = { page: `p${Math.floor(random() * 3)}`, user: `u${Math.floor(random() * 50)}`, amount: random() < 0.1 ? 'n/a' : Math.floor(random() * 1_000) };
      const ts = Math.floor(random() * 300_000);
      store.fold(event, ts, offset, -Infinity, false);
      windowsOf(hopping.window as FixedWindowSpec, ts).forEach(({ start }) => {
        const states = expected.get(`${start}|${event.page}`) ?? folder.create();
        folder.add(states, event);
        expected.set(`${start}|${event.page}`, states);
      });
    }
    const { sink, emitted } = recorder();
    store.collect(Infinity, sink, true);
    const wire = (states: readonly unknown[]) => {
      const row: unknown[] = [];
      folder.appendParts(row, states);
      return row;
    };
    expect(new Map(emitted.map((e) => [`${e.start}|${String(e.group[0])}`, wire(e.measures)]))).toEqual(new Map([...expected].map(([key, states]) => [key, wire(states)])));
  });
});
