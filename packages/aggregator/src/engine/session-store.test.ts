import type { EmissionSink } from './emission';
import { MeasureFolder } from './measure-folder';
import { SessionStore } from './session-store';
import { testView } from './test-views';
import { FOLD } from './view-store';

const view = testView({ type: 'session', gapMs: 30_000 });

function recorder() {
  const emitted: string[] = [];
  const sink: EmissionSink = {
    window: (kind, state) => emitted.push(`${kind} ${state.start}-${state.end} ${state.group.join()} n=${String(state.measures[0])} @${state.lastOffset}`),
    retraction: (start, end, group, atOffset) => emitted.push(`retract ${start}-${end} ${group.join()} @${atOffset}`),
  };
  return { sink, emitted };
}

describe('SessionStore', () => {
  it('merges sessions an event bridges and retracts the row that disappeared', () => {
    const store = new SessionStore(30_000, view, new MeasureFolder(view.measures));
    store.fold({ user: 'a', amount: 1 }, 0, 0, -Infinity, false);
    store.fold({ user: 'a', amount: 1 }, 50_000, 1, -Infinity, false);
    const { sink, emitted } = recorder();
    store.collect(-Infinity, sink, true);
    expect(emitted).toEqual(['update 0-30000 a n=1 @0', 'update 50000-80000 a n=1 @1']);
    emitted.length = 0;
    store.fold({ user: 'a', amount: 1 }, 25_000, 2, -Infinity, false);
    store.collect(-Infinity, sink, true);
    expect(emitted).toEqual(['retract 50000-80000 a @2', 'update 0-80000 a n=3 @2']);
    expect(store.minFirstOffset()).toBe(0);
  });

  it('judges lateness on the merged session and closes sessions past end + lateness', () => {
    const store = new SessionStore(30_000, view, new MeasureFolder(view.measures));
    store.fold({ user: 'a' }, 100_000, 0, -Infinity, false);
    // Its own span [60s, 90s) is closed at watermark 120s, but it joins the open session [100s, 130s).
    expect(store.fold({ user: 'a' }, 80_000, 1, 120_000, false)).toBe(FOLD.accepted);
    expect(store.fold({ user: 'b' }, 10_000, 2, 120_000, false)).toBe(FOLD.late);
    const { sink, emitted } = recorder();
    store.collect(135_000, sink, true);
    expect(emitted).toEqual(['retract 100000-130000 a @1', 'final 80000-130000 a n=2 @1']);
    expect(store.size()).toEqual({ windows: 0, entries: 0 });
  });

  it('refuses nothing while replaying, then drops the sessions the restored watermark had closed', () => {
    const store = new SessionStore(30_000, view, new MeasureFolder(view.measures));
    const restored = 200_000;
    // The early event of a long session: its own span looks closed until its later events are replayed.
    expect(store.fold({ user: 'a' }, 100_000, 10, restored, true)).toBe(FOLD.accepted);
    store.fold({ user: 'a' }, 120_000, 11, restored, true);
    store.fold({ user: 'a' }, 140_000, 12, restored, true);
    store.fold({ user: 'a' }, 169_000, 13, restored, true);
    // A session that had closed before the restart, only partly replayed.
    store.fold({ user: 'b' }, 50_000, 14, restored, true);
    store.endReplay(restored);
    const { sink, emitted } = recorder();
    store.collect(restored, sink, true);
    expect(emitted).toEqual(['update 100000-199000 a n=4 @13']);
    expect(store.minFirstOffset()).toBe(10);
  });
});
