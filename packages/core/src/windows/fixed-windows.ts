import type { WindowSpec } from '../config/types';

/** Window shapes whose windows depend on the event time alone. */
export type FixedWindowSpec = Extract<WindowSpec, { readonly type: 'tumbling' | 'hopping' }>;

/** Windows of `sizeMs` starting every `hopMs` on the epoch grid; a tumbling grid's hop is its size. */
export interface WindowGrid {
  readonly sizeMs: number;
  readonly hopMs: number;
}

/** Half-open window bounds `[start, end)`, epoch ms UTC. */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/**
 * Calls `visit(start, end)` for every window that holds `ts`, oldest first,
 * without allocating: the per-event path of the speed layer.
 * Windows are aligned to the epoch: a 1m window starts on a whole minute (UTC).
 * `ts` lands in exactly `size / hop` windows.
 *
 * @example forEachGridWindow(300_000, 60_000, ts, (start, end) => fold(start, end))
 */
export function forEachGridWindow(size: number, hop: number, ts: number, visit: (start: number, end: number) => void): void {
  const latestStart = ts - positiveModulo(ts, hop);
  // Config requires size to be a multiple of hop; rounding up keeps other sizes correct too.
  let start = latestStart - (Math.ceil(size / hop) - 1) * hop;
  for (; start <= latestStart; start += hop) {
    if (start + size > ts) visit(start, start + size);
  }
}

/**
 * forEachGridWindow for a tumbling or hopping spec.
 *
 * @example forEachWindow({ type: 'hopping', sizeMs: 300_000, hopMs: 60_000 }, ts, (start, end) => fold(start, end))
 */
export function forEachWindow(spec: FixedWindowSpec, ts: number, visit: (start: number, end: number) => void): void {
  forEachGridWindow(spec.sizeMs, 'hopMs' in spec ? spec.hopMs : spec.sizeMs, ts, visit);
}

/** The windows holding `ts`, oldest first; a convenience over forEachWindow for cold paths. */
export function windowsOf(spec: FixedWindowSpec, ts: number): WindowBounds[] {
  const windows: WindowBounds[] = [];
  forEachWindow(spec, ts, (start, end) => windows.push({ start, end }));
  return windows;
}

/** The window start at or before `ts` on a grid of `step` ms, also for times before 1970. */
export function alignDown(ts: number, step: number): number {
  return ts - positiveModulo(ts, step);
}

function positiveModulo(value: number, divisor: number): number {
  const remainder = value % divisor;
  return remainder < 0 ? remainder + divisor : remainder;
}
