import type { EmissionSink } from './emission';
import { FixedWindowStore } from './fixed-window-store';
import { MeasureFolder } from './measure-folder';
import { SessionStore } from './session-store';
import { testView } from './test-views';
import { FOLD, type CheckpointedState, type ViewStore } from './view-store';
import { newWindowState } from './window-state';

function recorder() {
  const emitted: string[] = [];
  const sink: EmissionSink = {
    window: (kind, state) => emitted.push(`${kind} ${state.start}-${state.end} ${state.group.join()} n=${String(state.measures[0])} @${state.lastOffset}`),
    retraction: (start, end, group, atOffset) => emitted.push(`retract ${start}-${end} ${group.join()} @${atOffset}`),
  };
  return { sink, emitted };
}

/** A checkpointed count state of user `user`, holding `count` events, the last at `lastOffset`. */
function checkpointed(start: number, end: number, user: string, count: number, firstOffset: number, lastOffset: number): CheckpointedState {
  const state = newWindowState(start, end, [user], [count, 0], firstOffset);
  state.lastOffset = lastOffset;
  return { key: `${start}|${user}`, state, overflow: false };
}

const keys = (states: readonly CheckpointedState[]) => states.map((entry) => entry.key);

describe('restoring checkpointed states', () => {
  const tumbling = testView({ type: 'tumbling', sizeMs: 10_000 }, { latenessMs: 0 });
  const sessions = testView({ type: 'session', gapMs: 30_000 }, { latenessMs: 0 });
  const fixedStore = () => new FixedWindowStore({ sizeMs: 10_000, hopMs: 10_000 }, tumbling, new MeasureFolder(tumbling.measures));
  const sessionStore = () => new SessionStore(30_000, sessions, new MeasureFolder(sessions.measures));

  it('drops windows closed under the restored watermark and re-emits the open ones as they were', () => {
    const store = fixedStore();
    const dropped = store.restore([checkpointed(0, 10_000, 'a', 3, 0, 5), checkpointed(10_000, 20_000, 'a', 2, 6, 9)], 12_000);
    expect(keys(dropped)).toEqual(['0|a']);
    const { sink, emitted } = recorder();
    store.collect(12_000, sink, true);
    expect(emitted).toEqual(['update 10000-20000 a n=2 @9']);
    expect(store.size()).toEqual({ windows: 1, entries: 1 });
  });

  it('skips an event a restored state holds already, decided on the state it would land in, and folds the rest', () => {
    for (const store of [fixedStore(), sessionStore()] as ViewStore[]) {
      store.restore([checkpointed(10_000, store instanceof SessionStore ? 40_000 : 20_000, 'a', 2, 6, 9)], 0);
      // Offset 8 was folded into the restored state before its checkpoint: accepted, not counted again.
      expect(store.fold({ user: 'a' }, 12_000, 8, 0, false)).toBe(FOLD.accepted);
      // Another group's state does not hold it: a new state.
      expect(store.fold({ user: 'b' }, 12_000, 8, 0, false)).toBe(FOLD.accepted);
      expect(store.fold({ user: 'a' }, 13_000, 10, 0, false)).toBe(FOLD.accepted);
      const { sink, emitted } = recorder();
      store.collect(0, sink, true);
      expect(emitted.sort()).toEqual(store instanceof SessionStore ? ['update 10000-43000 a n=3 @10', 'update 12000-42000 b n=1 @8'] : ['update 10000-20000 a n=3 @10', 'update 10000-20000 b n=1 @8']);
    }
  });

  it('skips an event of a restored session it would merge into, whichever session it first touches', () => {
    const store = sessionStore();
    store.restore([checkpointed(0, 100_000, 'a', 5, 0, 20)], 0);
    // Its span [60s, 90s) lies within the restored session, which folded it (offset 12 < 20).
    expect(store.fold({ user: 'a' }, 60_000, 12, 0, false)).toBe(FOLD.accepted);
    const { sink, emitted } = recorder();
    store.collect(0, sink, true);
    expect(emitted).toEqual(['update 0-100000 a n=5 @20']);
  });

  it('drops a session a merge had absorbed when both were restored, and retracts it again', () => {
    const store = sessionStore();
    // The merge at offset 30 folded [50s, 80s) into [0s, 80s); the absorbed one's tombstone had not been sent.
    const dropped = store.restore([checkpointed(50_000, 80_000, 'a', 1, 4, 4), checkpointed(0, 80_000, 'a', 3, 0, 30), checkpointed(200_000, 230_000, 'a', 1, 31, 31)], 0);
    expect(keys(dropped)).toEqual(['50000|a']);
    const { sink, emitted } = recorder();
    store.collect(0, sink, true);
    expect(emitted).toEqual(['retract 50000-80000 a @30', 'update 0-80000 a n=3 @30', 'update 200000-230000 a n=1 @31']);
    // The restored sessions merge on as before.
    store.fold({ user: 'a' }, 180_000, 40, 0, false);
    emitted.length = 0;
    store.collect(0, sink, true);
    expect(emitted).toEqual(['retract 200000-230000 a @40', 'update 180000-230000 a n=2 @40']);
  });

  it('puts the overflow group back as the overflow group', () => {
    const store = fixedStore();
    expect(store.takeCheckpointChanges()).toEqual([]);
    store.trackCheckpoints();
    const overflow = checkpointed(0, 10_000, '__other__', 4, 0, 7);
    store.restore([{ ...overflow, overflow: true }, checkpointed(0, 10_000, '__other__', 1, 1, 1)], 0);
    store.fold({ user: 'z' }, 1_000, 8, 0, false);
    const changed = store.takeCheckpointChanges().map((state) => `${state.group.join()} n=${String(state.measures[0])} ${store.isOverflowGroup(state.group)}`);
    expect(changed.sort()).toEqual(['__other__ n=1 false', '__other__ n=4 true', 'z n=1 false']);
    // Once emitted and unchanged, a state is not written again.
    store.collect(0, recorder().sink, true);
    expect(store.takeCheckpointChanges()).toEqual([]);
    expect(store.size().entries).toBe(3);
  });
});
