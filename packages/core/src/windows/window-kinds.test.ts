import type { WindowSpec } from '../config/types';
import { forEachGridWindow, type WindowBounds } from './fixed-windows';
import { SessionSet } from './session-set';
import { describeWindow, isWindowType, WINDOW_KINDS, windowFromConfig, windowKindOf } from './window-kinds';
import { seededRandom } from '../../../../test/support/seeded-random';

const tumbling: WindowSpec = { type: 'tumbling', sizeMs: 60_000 };
const hopping: WindowSpec = { type: 'hopping', sizeMs: 300_000, hopMs: 60_000 };
const session: WindowSpec = { type: 'session', gapMs: 120_000 };
const key = (window: WindowBounds) => `${window.start}-${window.end}`;

describe('WINDOW_KINDS', () => {
  it('keys every kind by its own type', () => {
    for (const [type, kind] of Object.entries(WINDOW_KINDS)) expect(kind.type).toBe(type);
    expect(isWindowType('hopping')).toBe(true);
    expect(isWindowType('constructor')).toBe(false);
  });

  it('says how far each kind reaches, as the batch layer and the load generator rely on', () => {
    const reach = (window: WindowSpec) => {
      const kind = windowKindOf(window);
      return [kind.gridStepMs(window), kind.spacingMs(window), kind.periodReachMs(window), kind.firstWindowLeadMs(window), kind.eventReachMs(window), kind.growsWithEvents];
    };
    expect(reach(tumbling)).toEqual([60_000, 60_000, 0, 0, 60_000, false]);
    expect(reach(hopping)).toEqual([60_000, 60_000, 240_000, 240_000, 300_000, false]);
    expect(reach(session)).toEqual([undefined, 120_000, 120_000, 0, 120_000, true]);
  });

  it('reads config windows and writes them in words', () => {
    expect(windowFromConfig({ type: 'hopping', size: 300_000, hop: 60_000 })).toEqual(hopping);
    expect(windowFromConfig({ type: 'session', gap: 120_000 })).toEqual(session);
    expect([tumbling, hopping, session].map((window) => describeWindow(window, (ms) => `${ms / 60_000}m`))).toEqual([
      'tumbling 1m',
      'hopping 5m every 1m',
      'session gap 2m',
    ]);
  });

  it('checks what the schema cannot: hops that divide, periods of whole steps, sessions by key', () => {
    const context = { groupBy: ['page'], sourceKey: 'user_id' };
    expect(WINDOW_KINDS.tumbling.configIssues({ ...context, window: { size: 60_000 }, period: 90_000 })).toEqual([
      { path: ['period'], message: 'must be a multiple of the window size (60000ms)' },
    ]);
    expect(WINDOW_KINDS.hopping.configIssues({ ...context, window: { size: 100, hop: 30 }, period: 45 }).map((issue) => issue.path)).toEqual([['window', 'hop'], ['period']]);
    expect(WINDOW_KINDS.session.configIssues({ ...context, window: { gap: 1 }, period: 7 })).toEqual([
      { path: ['groupBy'], message: "a session view must group by its source's key (user_id), so that each session lives in one partition" },
    ]);
    expect(WINDOW_KINDS.session.configIssues({ ...context, groupBy: ['user_id'], window: { gap: 1 }, period: 7 })).toEqual([]);
  });
});

describe('window oracles', () => {
  it('find the windows the engine assigns on the grid (2,000 random cases)', () => {
    const random = seededRandom(5);
    for (let run = 0; run < 2_000; run++) {
      const hopMs = 1 + Math.floor(random() * 1_000);
      const sizeMs = random() < 0.3 ? hopMs : hopMs * (1 + Math.floor(random() * 6));
      const window: WindowSpec = sizeMs === hopMs ? { type: 'tumbling', sizeMs } : { type: 'hopping', sizeMs, hopMs };
      const times = Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor((random() - 0.3) * 100_000));
      const engine = new Map<string, number[]>();
      times.forEach((ts, index) => forEachGridWindow(sizeMs, hopMs, ts, (start, end) => engine.set(key({ start, end }), [...(engine.get(key({ start, end })) ?? []), index])));
      const oracle = new Map(windowKindOf(window).oracle.windowsOf(window, times).map(({ interval, members }) => [key(interval), [...members]]));
      expect(oracle).toEqual(engine);
    }
  });

  it('find the sessions a SessionSet ends with (2,000 random cases)', () => {
    const random = seededRandom(9);
    for (let run = 0; run < 2_000; run++) {
      const window: WindowSpec = { type: 'session', gapMs: 1 + Math.floor(random() * 100) };
      const times = Array.from({ length: 1 + Math.floor(random() * 30) }, () => Math.floor(random() * 1_500));
      const sessions = new SessionSet(window.gapMs);
      for (const ts of times) sessions.add(ts);
      const runs = windowKindOf(window).oracle.windowsOf(window, times);
      expect(runs.map((found) => found.interval)).toEqual(sessions.sessions());
      expect(runs.flatMap((found) => found.members).sort((a, b) => a - b)).toEqual(times.map((_, index) => index));
    }
  });

  it('end a late event where the session it joins ends, chaining through its group', () => {
    expect(windowKindOf(session).oracle.endOf(session, 1_000, [50_000, 150_000, 400_000])).toBe(150_000 + 120_000);
    expect(windowKindOf(hopping).oracle.endOf(hopping, 1_000, [])).toBe(301_000);
  });
});
