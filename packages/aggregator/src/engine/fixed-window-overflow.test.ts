import { OVERFLOW_GROUP_VALUE } from '@sluice/core';
import type { EmissionSink } from './emission';
import { FixedWindowStore } from './fixed-window-store';
import { MeasureFolder } from './measure-folder';
import { testView } from './test-views';
import type { WindowState } from './window-state';

function collectAll(store: FixedWindowStore): WindowState[] {
  const emitted: WindowState[] = [];
  const sink: EmissionSink = { window: (_kind, state) => emitted.push(state), retraction: () => { throw new Error('fixed windows never retract'); } };
  store.collect(Infinity, sink, true);
  return emitted;
}

describe('FixedWindowStore past maxGroupsPerWindow', () => {
  it('keeps exactly the limit of real groups per window, folds the rest into one overflow group, and conserves counts and sums', () => {
    const view = testView({ type: 'tumbling', sizeMs: 10_000 }, { maxGroupsPerWindow: 50 });
    const store = new FixedWindowStore({ sizeMs: 10_000, hopMs: 10_000 }, view, new MeasureFolder(view.measures));
    let offset = 0;
    let amount = 0;
    for (const start of [0, 10_000]) {
      for (let i = 0; i < 200; i++) {
        // Each user twice: the second event of a real group still lands in it.
        for (let repeat = 0; repeat < 2; repeat++) {
          store.fold({ user: `u${i}`, amount: i + 1 }, start + i, offset++, -Infinity, false);
          amount += i + 1;
        }
      }
    }
    expect(store.takeOverflowFolds()).toBe(2 * 150 * 2);
    expect(store.takeOverflowFolds()).toBe(0);
    const emitted = collectAll(store);
    for (const start of [0, 10_000]) {
      const window = emitted.filter((state) => state.start === start);
      const overflow = window.filter((state) => state.group[0] === OVERFLOW_GROUP_VALUE);
      expect(window.length).toBe(51);
      expect(overflow.length).toBe(1);
      expect(new Set(window.map((state) => state.group[0])).size).toBe(51);
      expect(overflow[0]!.measures[0]).toBe(300);
    }
    expect(emitted.reduce((sum, state) => sum + (state.measures[0] as number), 0)).toBe(offset);
    expect(emitted.reduce((sum, state) => sum + (state.measures[1] as number), 0)).toBe(amount);
  });

  it('gives the overflow group the marker in every group column and does not count replayed events', () => {
    const view = testView({ type: 'hopping', sizeMs: 20_000, hopMs: 10_000 }, { maxGroupsPerWindow: 1, groupBy: ['user', 'country'] });
    const store = new FixedWindowStore({ sizeMs: 20_000, hopMs: 10_000 }, view, new MeasureFolder(view.measures));
    store.fold({ user: 'a', country: 'x', amount: 1 }, 15_000, 0, -Infinity, false);
    store.fold({ user: 'b', country: 'y', amount: 2 }, 15_000, 1, -Infinity, true);
    store.fold({ user: 'c', country: 'z', amount: 4 }, 15_000, 2, -Infinity, false);
    // Two windows hold each event; only the unreplayed one is counted, once per window.
    expect(store.takeOverflowFolds()).toBe(2);
    const overflow = collectAll(store).filter((state) => state.group[0] === OVERFLOW_GROUP_VALUE);
    expect(overflow.map((state) => [state.start, state.group, state.measures])).toEqual([
      [0, [OVERFLOW_GROUP_VALUE, OVERFLOW_GROUP_VALUE], [2, 6]],
      [10_000, [OVERFLOW_GROUP_VALUE, OVERFLOW_GROUP_VALUE], [2, 6]],
    ]);
    expect(store.size()).toEqual({ windows: 0, entries: 0 });
  });
});
