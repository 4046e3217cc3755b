import { groupKeyOf, type Measure } from '@sluice/core';
import { seededRandom } from '../../../../test/support/seeded-random';
import type { EmissionSink } from './emission';
import { FixedWindowStore } from './fixed-window-store';
import { MeasureFolder } from './measure-folder';
import { testView } from './test-views';
import type { WindowState } from './window-state';

const EVERY_KIND: Measure[] = [
  { name: 'n', kind: 'count' },
  { name: 'total', kind: 'sum', field: 'amount' },
  { name: 'low', kind: 'min', field: 'amount' },
  { name: 'high', kind: 'max', field: 'amount' },
  { name: 'mean', kind: 'avg', field: 'amount' },
  { name: 'users', kind: 'uniq', field: 'user' },
  { name: 'p90', kind: 'quantile', field: 'amount', q: 0.9 },
];

function emittedBy(store: FixedWindowStore, watermark: number): { kind: string; state: WindowState }[] {
  const emitted: { kind: string; state: WindowState }[] = [];
  const sink: EmissionSink = { window: (kind, state) => emitted.push({ kind, state }), retraction: () => { throw new Error('fixed windows never retract'); } };
  store.collect(watermark, sink, true);
  return emitted;
}

describe('FixedWindowStore groups kept in columns', () => {
  it('emits each group with its own states of every measure kind, its group values and offsets, as one state per group would (interleaved random groups)', () => {
    const view = testView({ type: 'tumbling', sizeMs: 10_000 }, { groupBy: ['page', 'country'], measures: EVERY_KIND });
    const folder = new MeasureFolder(EVERY_KIND);
    const store = new FixedWindowStore({ sizeMs: 10_000, hopMs: 10_000 }, view, folder);
    const expected = new Map<string, { group: string[]; states: unknown[]; first: number; last: number }>();
    const random = seededRandom(21);
    // Values with the key's separator and escape, so the group values must come back unescaped.
    const pages = ['/a', '/b\u0000c', '\u00010', ''];
    for (let offset = 0; offset < 3_000; offset++) {
      const event = { page: pages[Math.floor(random() * pages.length)]!, country: `c${Math.floor(random() * 5)}`, user: `u${Math.floor(random() * 40)}`, amount: random() < 0.1 ? 'n/a' : Math.floor(random() * 1_000) / 8 };
      const ts = Math.floor(random() * 30_000);
      store.fold(event, ts, offset, -Infinity, false);
      const key = `${Math.floor(ts / 10_000) * 10_000}|${groupKeyOf(event, view.groupBy)}`;
      const entry = expected.get(key) ?? { group: [event.page, event.country], states: folder.create(), first: offset, last: offset };
      folder.add(entry.states, event);
      entry.last = offset;
      expected.set(key, entry);
    }
    const wire = (states: readonly unknown[]) => {
      const row: unknown[] = [];
      folder.appendParts(row, states);
      return row;
    };
    const emitted = emittedBy(store, Infinity);
    expect(emitted.every(({ kind }) => kind === 'final')).toBe(true);
    const byKey = (start: number, group: readonly string[]) => `${start}|${groupKeyOf({ page: group[0], country: group[1] }, view.groupBy)}`;
    expect(new Map(emitted.map(({ state }) => [byKey(state.start, state.group), { group: state.group, parts: wire(state.measures), first: state.firstOffset, last: state.lastOffset, end: state.end - state.start }])))
      .toEqual(new Map([...expected].map(([key, entry]) => [key, { group: entry.group, parts: wire(entry.states), first: entry.first, last: entry.last, end: 10_000 }])));
  });

  it('hands the sink a state that keeps its values after later folds and after the window closes', () => {
    const view = testView({ type: 'tumbling', sizeMs: 10_000 });
    const store = new FixedWindowStore({ sizeMs: 10_000, hopMs: 10_000 }, view, new MeasureFolder(view.measures));
    store.fold({ user: 'a', amount: 2 }, 1_000, 3, -Infinity, false);
    store.fold({ user: 'b', amount: 5 }, 1_000, 4, -Infinity, false);
    const [first, second] = emittedBy(store, -Infinity).map(({ state }) => state);
    store.fold({ user: 'a', amount: 7 }, 2_000, 5, -Infinity, false);
    const finals = emittedBy(store, Infinity).map(({ kind, state }) => [kind, state.group, state.measures, state.firstOffset, state.lastOffset]);
    expect([first, second].map((state) => [state!.group, state!.measures, state!.firstOffset, state!.lastOffset])).toEqual([
      [['a'], [1, 2], 3, 3],
      [['b'], [1, 5], 4, 4],
    ]);
    expect(finals).toEqual([
      ['final', ['a'], [2, 9], 3, 5],
      ['final', ['b'], [1, 5], 4, 4],
    ]);
  });
});
