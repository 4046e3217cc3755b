import type { WindowSpec } from '../config/types';
import type { WindowBounds } from './fixed-windows';

/** A config problem of one view, at a path relative to the view (`['window', 'hop']`). */
export interface ViewIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What a window kind's config check sees of its view; the input may be partly invalid, so nothing is trusted. */
export interface WindowCheckContext {
  /** The view's `window` as written, durations in ms where they parsed. */
  readonly window: Readonly<Record<string, unknown>>;
  readonly period: unknown;
  readonly groupBy: readonly unknown[];
  /** The source's key field, when the source is defined. */
  readonly sourceKey: string | undefined;
}

/**
 * The parts of a windowed batch scan a kind builds its SQL from: the events
 * subquery (ts, event_id, fields), the select list with the group columns,
 * the group columns, and the condition on a window start `ws` for the range.
 */
export interface WindowScanSql {
  readonly events: string;
  readonly grouped: string;
  readonly groups: readonly string[];
  readonly inRange: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** How a kind's batch rows are grouped: rows, the window bound expressions, the GROUP BY keys and a HAVING clause. */
export interface BatchWindowing {
  readonly rows: string;
  readonly start: string;
  readonly end: string;
  readonly keys: readonly string[];
  readonly having: string;
}

/** One window of a group found by the truth oracle, with the indexes of the event times it holds. */
export interface OracleWindow {
  readonly interval: WindowBounds;
  readonly members: readonly number[];
}

/**
 * Everything that differs between window kinds, in one place. The engine
 * reads a kind when it plans a view, never per event; a new kind is a new
 * implementation of this interface plus one entry in WINDOW_KINDS.
 */
export interface WindowKind<W extends WindowSpec, C = unknown> {
  readonly type: W['type'];
  /** The spec of a validated config window (durations parsed to ms). */
  fromConfig(config: C): W;
  /** Problems of the view's window that the schema alone cannot see. */
  configIssues(context: WindowCheckContext): ViewIssue[];
  /** The window in words, durations written by `duration`: `hopping 5m every 1m`. */
  describe(window: W, duration: (ms: number) => string): string;
  /** Distance between the starts of consecutive windows on the epoch grid; undefined when windows follow the data. */
  gridStepMs(window: W): number | undefined;
  /** Typical distance between consecutive window starts of a group, for charts: the grid step or a session's gap. */
  spacingMs(window: W): number;
  /** How far past a period's end the last window starting in it may reach (close bound, scan range, dirty periods). */
  periodReachMs(window: W): number;
  /** How far before an event the earliest window holding it may start, in whole periods' terms (a backfill's first period). */
  firstWindowLeadMs(window: W): number;
  /** How far past an event the window it lands in may end, with no later event of its group. */
  eventReachMs(window: W): number;
  /** True when a window's end depends on later events (sessions): a period closes only when its windows ended. */
  readonly growsWithEvents: boolean;
  /** SQL window assignment of the batch layer. */
  readonly sql: {
    /** The event-time range `[lo, hi)` a recomputation of `[fromMs, toMs)` reads; hi undefined reads up to `untilMs`. */
    scanRange(window: W, fromMs: number, toMs: number, untilMs: number | undefined): { lo: number; hi: number | undefined };
    /** Rows of (ws, we, group columns, event columns): one per event and window holding it, windows starting in range. */
    windowedRows(window: W, scan: WindowScanSql): string;
    /** The rows the exact batch aggregate groups, and how. */
    batchWindowing(window: W, scan: WindowScanSql): BatchWindowing;
  };
  /**
   * The truth oracle of the load generator, written from the definition and
   * not from the engine's code, so the two check each other.
   */
  readonly oracle: {
    /** The windows of one group's event times (any order). */
    windowsOf(window: W, times: readonly number[]): OracleWindow[];
    /** True when endOf needs the group's earlier on-time event times. */
    readonly tracksGroupTimes: boolean;
    /** The latest end of the window an event at `ts` lands in, given its group's on-time times ascending. */
    endOf(window: W, ts: number, groupTimes: readonly number[]): number;
  };
}

/** The issue of a period that cuts windows of the grid: a period must hold whole steps. */
export function periodIssues(period: unknown, step: unknown, stepKey: string): ViewIssue[] {
  if (typeof period !== 'number' || typeof step !== 'number' || period % step === 0) return [];
  return [{ path: ['period'], message: `must be a multiple of the window ${stepKey} (${step}ms)` }];
}
