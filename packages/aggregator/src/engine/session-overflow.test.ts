import { OVERFLOW_GROUP_VALUE } from '@sluice/core';
import type { EmissionSink } from './emission';
import { MeasureFolder } from './measure-folder';
import { SessionStore } from './session-store';
import { testView } from './test-views';
import type { WindowState } from './window-state';

function collect(store: SessionStore, watermark: number): WindowState[] {
  const emitted: WindowState[] = [];
  const sink: EmissionSink = { window: (kind, state) => kind === 'final' && emitted.push(state), retraction: () => undefined };
  store.collect(watermark, sink, true);
  return emitted;
}

describe('SessionStore past maxGroupsPerWindow', () => {
  it('holds open sessions of at most the limit of real groups, folds new groups into overflow sessions, and conserves counts and sums', () => {
    const view = testView({ type: 'session', gapMs: 30_000 }, { maxGroupsPerWindow: 50 });
    const store = new SessionStore(30_000, view, new MeasureFolder(view.measures));
    let offset = 0;
    let amount = 0;
    for (let i = 0; i < 200; i++) {
      // Each user twice: the second event of a held group still lands in it.
      for (let repeat = 0; repeat < 2; repeat++) {
        store.fold({ user: `u${i}`, amount: i + 1 }, i * 10 + repeat, offset++, -Infinity, false);
        amount += i + 1;
        expect(store.size().entries).toBeLessThanOrEqual(51);
      }
    }
    expect(store.takeOverflowFolds()).toBe(150 * 2);
    expect(store.takeOverflowFolds()).toBe(0);
    const emitted = collect(store, Infinity);
    const overflow = emitted.filter((state) => state.group[0] === OVERFLOW_GROUP_VALUE);
    expect(emitted).toHaveLength(51);
    expect(overflow).toHaveLength(1);
    expect(overflow[0]!.measures[0]).toBe(300);
    expect(emitted.reduce((sum, state) => sum + (state.measures[0] as number), 0)).toBe(offset);
    expect(emitted.reduce((sum, state) => sum + (state.measures[1] as number), 0)).toBe(amount);
    expect(store.size()).toEqual({ windows: 0, entries: 0 });
  });

  it('admits new groups again once sessions close, marks every group column, and does not count replayed events', () => {
    const view = testView({ type: 'session', gapMs: 30_000 }, { maxGroupsPerWindow: 1, groupBy: ['user', 'country'] });
    const store = new SessionStore(30_000, view, new MeasureFolder(view.measures));
    store.fold({ user: 'a', country: 'x', amount: 1 }, 0, 0, -Infinity, true);
    store.fold({ user: 'b', country: 'y', amount: 2 }, 1_000, 1, -Infinity, true);
    store.fold({ user: 'c', country: 'z', amount: 4 }, 2_000, 2, -Infinity, false);
    expect(store.takeOverflowFolds()).toBe(1);
    expect(collect(store, 100_000).map((state) => [state.group, state.measures])).toEqual([
      [['a', 'x'], [1, 1]],
      [[OVERFLOW_GROUP_VALUE, OVERFLOW_GROUP_VALUE], [2, 6]],
    ]);
    store.fold({ user: 'd', country: 'w', amount: 8 }, 200_000, 3, 100_000, false);
    expect(store.takeOverflowFolds()).toBe(0);
    expect(collect(store, Infinity).map((state) => state.group)).toEqual([['d', 'w']]);
  });
});
