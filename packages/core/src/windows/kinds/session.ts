import type { WindowSpec } from '../../config/types';
import type { OracleWindow, WindowKind, WindowScanSql } from '../window-kind';

type Session = Extract<WindowSpec, { type: 'session' }>;

/**
 * Session windows: per group, `[first event, last event + gap)`, split where
 * consecutive events are `gap` or more apart. The engine keeps them in a
 * SessionSet; their end follows the data, so periods close only when their
 * sessions ended.
 */
export const session = {
  type: 'session',
  fromConfig: (config) => ({ type: 'session', gapMs: config.gap }),
  configIssues: ({ groupBy, sourceKey }) => {
    if (sourceKey === undefined || groupBy.includes(sourceKey)) return [];
    return [{ path: ['groupBy'], message: `a session view must group by its source's key (${sourceKey}), so that each session lives in one partition` }];
  },
  describe: (window, duration) => `session gap ${duration(window.gapMs)}`,
  gridStepMs: () => undefined,
  spacingMs: (window) => window.gapMs,
  // A session starting in a period may grow by one gap past it, and a late event may extend the one before it.
  periodReachMs: (window) => window.gapMs,
  firstWindowLeadMs: () => 0,
  eventReachMs: (window) => window.gapMs,
  growsWithEvents: true,
  sql: {
    scanRange: (window, fromMs, _toMs, untilMs) => ({ lo: fromMs - window.gapMs, hi: untilMs }),
    windowedRows: (window, scan) => {
      const bySession = `PARTITION BY ${[...scan.groups, 'session_id'].join(', ')}`;
      return (
        `SELECT *, min(ts) OVER (${bySession}) AS ws, max(ts) OVER (${bySession}) + ${window.gapMs} AS we\n` +
        `FROM (${sessionNumberedSql(window, scan)})\nQUALIFY ${scan.inRange}`
      );
    },
    // A session's bounds are aggregates of its numbered events, so sessions group by (group, session) directly.
    batchWindowing: (window, scan) => ({
      rows: sessionNumberedSql(window, scan),
      start: 'min(ts)',
      end: `max(ts) + ${window.gapMs}`,
      keys: [...scan.groups, 'session_id'],
      having: `\nHAVING min(ts) >= ${Math.trunc(scan.fromMs)} AND min(ts) < ${Math.trunc(scan.toMs)}`,
    }),
  },
  oracle: {
    windowsOf: (window, times) => sessionRuns(times, window.gapMs),
    tracksGroupTimes: true,
    endOf: (window, ts, groupTimes) => sessionEnd(window.gapMs, ts, groupTimes),
  },
} satisfies WindowKind<Session, { readonly type: 'session'; readonly gap: number }>;

/**
 * Events numbered by session within their group (session_id), in time order:
 * an event `gap` or more after the previous one starts a new session.
 */
function sessionNumberedSql(window: Session, scan: WindowScanSql): string {
  const byGroup = scan.groups.length > 0 ? `PARTITION BY ${scan.groups.join(', ')} ` : '';
  const ordered = `${byGroup}ORDER BY ts, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`;
  const starts =
    `SELECT *, if(row_number() OVER (${ordered}) = 1 OR ts - lagInFrame(ts) OVER (${ordered}) >= ${window.gapMs}, 1, 0) AS is_start\n` +
    `  FROM (SELECT ${scan.grouped} FROM (${scan.events}))`;
  return `SELECT *, sum(is_start) OVER (${ordered}) AS session_id FROM (${starts})`;
}

/** Maximal runs of times whose consecutive gaps are below `gapMs`; each ends at its last time + gap. */
function sessionRuns(times: readonly number[], gapMs: number): OracleWindow[] {
  const order = times.map((_, index) => index).sort((a, b) => (times[a] as number) - (times[b] as number));
  const runs: OracleWindow[] = [];
  let members: number[] = [];
  let first = 0;
  let last = 0;
  for (const index of order) {
    const ts = times[index] as number;
    if (members.length > 0 && ts - last >= gapMs) {
      runs.push({ interval: { start: first, end: last + gapMs }, members });
      members = [];
    }
    if (members.length === 0) first = ts;
    members.push(index);
    last = ts;
  }
  if (members.length > 0) runs.push({ interval: { start: first, end: last + gapMs }, members });
  return runs;
}

/** End of the session an event at `ts` would join: chain forward through the group's times (ascending). */
function sessionEnd(gapMs: number, ts: number, times: readonly number[]): number {
  let last = ts;
  for (let index = firstAbove(times, ts - 1); index < times.length; index++) {
    const next = times[index] as number;
    if (next - last >= gapMs) break;
    last = Math.max(last, next);
  }
  return last + gapMs;
}

/** Index of the first element greater than `value` in an ascending array. */
function firstAbove(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
