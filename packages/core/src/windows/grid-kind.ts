import type { WindowSpec } from '../config/types';
import type { WindowGrid } from './fixed-windows';
import type { OracleWindow, WindowKind, WindowScanSql } from './window-kind';

/** A window kind whose windows lie on the epoch grid, so they depend on the event time alone. */
export interface GridWindowKind<W extends GridSpec, C = unknown> extends WindowKind<W, C> {
  /** Distance between window starts; the size is the spec's sizeMs. */
  hopMs(window: W): number;
  /** The grid the engine assigns windows on (see forEachGridWindow). */
  grid(window: W): WindowGrid;
}

type GridSpec = WindowSpec & { readonly sizeMs: number };

/** What a grid kind says itself; the rest follows from its size and hop. */
type GridKindParts<W extends GridSpec, C> = Pick<GridWindowKind<W, C>, 'type' | 'fromConfig' | 'configIssues' | 'describe' | 'hopMs'>;

/**
 * Builds a grid kind: tumbling and hopping windows differ only in their grid
 * (a tumbling window is a hopping window whose hop is its size), so reach,
 * SQL assignment and oracle are written once here.
 */
export function gridWindowKind<W extends GridSpec, C>(parts: GridKindParts<W, C>): GridWindowKind<W, C> {
  const { hopMs } = parts;
  const grid = (window: W): WindowGrid => ({ sizeMs: window.sizeMs, hopMs: hopMs(window) });
  // A window starting at a period's last step ends size - hop after the period.
  const reach = (window: W): number => window.sizeMs - hopMs(window);
  return {
    ...parts,
    grid,
    gridStepMs: hopMs,
    spacingMs: hopMs,
    periodReachMs: reach,
    firstWindowLeadMs: reach,
    eventReachMs: (window) => window.sizeMs,
    growsWithEvents: false,
    sql: {
      scanRange: (window, fromMs, toMs) => ({ lo: fromMs, hi: toMs + reach(window) }),
      windowedRows: (window, scan) => gridWindowedSql(grid(window), scan),
      batchWindowing: (window, scan) => ({ rows: gridWindowedSql(grid(window), scan), start: 'ws', end: 'we', keys: ['ws', 'we', ...scan.groups], having: '' }),
    },
    oracle: {
      windowsOf: (window, times) => gridOracle(grid(window), times),
      tracksGroupTimes: false,
      endOf: (window, ts) => ts + window.sizeMs,
    },
  };
}

/** Fixed windows assigned arithmetically: the latest start at or before ts, then (hopping) arrayJoin over the earlier ones. */
function gridWindowedSql({ sizeMs, hopMs }: WindowGrid, scan: WindowScanSql): string {
  const latest = `intDiv(ts, ${hopMs}) * ${hopMs}`;
  const count = Math.ceil(sizeMs / hopMs);
  const start = count === 1 ? latest : `arrayJoin(arrayMap(i -> ${latest} - i * ${hopMs}, range(${count})))`;
  return `SELECT ${scan.grouped}, ${start} AS ws, ws + ${sizeMs} AS we\nFROM (${scan.events})\nWHERE ${scan.inRange}`;
}

/** Every grid window holding each time, walking back hop by hop from the definition; members in input order. */
function gridOracle({ sizeMs, hopMs }: WindowGrid, times: readonly number[]): OracleWindow[] {
  const byStart = new Map<number, number[]>();
  times.forEach((ts, index) => {
    for (let start = Math.floor(ts / hopMs) * hopMs; start > ts - sizeMs; start -= hopMs) {
      const members = byStart.get(start);
      if (members) members.push(index);
      else byStart.set(start, [index]);
    }
  });
  return [...byStart].map(([start, members]) => ({ interval: { start, end: start + sizeMs }, members }));
}
