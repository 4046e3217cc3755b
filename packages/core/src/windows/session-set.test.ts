import type { WindowBounds } from './fixed-windows';
import { SessionSet } from './session-set';
import { seededRandom } from '../../../../test/support/seeded-random';

const keyOf = (window: WindowBounds) => `${window.start}-${window.end}`;

/** Sessions of a set of times computed the batch way: sort, split where the gap is reached. */
function sessionsOf(times: readonly number[], gap: number): Map<string, number> {
  const sorted = [...times].sort((a, b) => a - b);
  const sessions = new Map<string, number>();
  let start = sorted[0] as number;
  let count = 0;
  sorted.forEach((ts, i) => {
    if (i > 0 && ts - (sorted[i - 1] as number) >= gap) {
      sessions.set(keyOf({ start, end: (sorted[i - 1] as number) + gap }), count);
      start = ts;
      count = 0;
    }
    count++;
  });
  sessions.set(keyOf({ start, end: (sorted[sorted.length - 1] as number) + gap }), count);
  return sessions;
}

describe('SessionSet', () => {
  it('opens a session that ends one gap after its last event', () => {
    const sessions = new SessionSet(100);
    expect(sessions.add(1_000)).toEqual({ window: { start: 1_000, end: 1_100 }, merged: [] });
    expect(sessions.add(1_050)).toEqual({ window: { start: 1_000, end: 1_150 }, merged: [{ start: 1_000, end: 1_100 }] });
    expect(sessions.add(1_020)).toEqual({ window: { start: 1_000, end: 1_150 }, merged: [] });
  });

  it('starts a new session an exact gap after the previous event', () => {
    const sessions = new SessionSet(100);
    sessions.add(0);
    expect(sessions.add(100).merged).toEqual([]);
    expect(sessions.sessions()).toEqual([
      { start: 0, end: 100 },
      { start: 100, end: 200 },
    ]);
  });

  it('reports both sessions that a late event bridges', () => {
    const sessions = new SessionSet(100);
    sessions.add(0);
    sessions.add(150);
    expect(sessions.add(80)).toEqual({
      window: { start: 0, end: 250 },
      merged: [
        { start: 0, end: 100 },
        { start: 150, end: 250 },
      ],
    });
    expect(sessions.size).toBe(1);
  });

  it('forgets removed sessions only when they match exactly', () => {
    const sessions = new SessionSet(10);
    sessions.add(0);
    sessions.add(50);
    expect(sessions.remove({ start: 0, end: 11 })).toBe(false);
    expect(sessions.remove({ start: 0, end: 10 })).toBe(true);
    expect(sessions.sessions()).toEqual([{ start: 50, end: 60 }]);
  });

  it('restores sessions of a checkpoint in any order, refusing one that overlaps, and merges into them as before', () => {
    const sessions = new SessionSet(100);
    expect(sessions.restore({ start: 500, end: 700 })).toBe(true);
    expect(sessions.restore({ start: 0, end: 150 })).toBe(true);
    expect(sessions.restore({ start: 600, end: 800 })).toBe(false);
    expect(sessions.restore({ start: 100, end: 200 })).toBe(false);
    expect(sessions.sessions()).toEqual([
      { start: 0, end: 150 },
      { start: 500, end: 700 },
    ]);
    expect(sessions.add(420)).toEqual({ window: { start: 420, end: 700 }, merged: [{ start: 500, end: 700 }] });
  });

  it('ends with the batch sessions in any arrival order, with merges accounted for (3,000 random cases)', () => {
    const random = seededRandom(11);
    for (let run = 0; run < 3_000; run++) {
      const gap = 1 + Math.floor(random() * 100);
      const times = Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 1_500));
      const sessions = new SessionSet(gap);
      // What an aggregator does: fold merged sessions' counts into the returned one.
      const counts = new Map<string, number>();
      for (const ts of times) {
        const { window, merged } = sessions.add(ts);
        let count = counts.get(keyOf(window)) ?? 0;
        for (const old of merged) {
          count += counts.get(keyOf(old)) ?? 0;
          counts.delete(keyOf(old));
        }
        counts.set(keyOf(window), count + 1);
      }
      expect(counts).toEqual(sessionsOf(times, gap));
      expect(sessions.sessions().map(keyOf).sort()).toEqual([...counts.keys()].sort());
    }
  });
});
