import type { WindowSpec } from '../config/types';

/** Window shapes whose windows depend on the event time alone. */
export type FixedWindowSpec = Extract<WindowSpec, { readonly type: 'tumbling' | 'hopping' }>;

/** Half-open window bounds `[start, end)`, epoch ms UTC. */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/**
 * Calls `visit(start, end)` for every window that holds `ts`, oldest first,
 * without allocating: the per-event path of the speed layer.
 * Windows are aligned to the epoch: a 1m window starts on a whole minute (UTC).
 * A tumbling window is a hopping window whose hop is its size, so `ts` lands in
 * exactly `size / hop` windows.
 *
 * @example forEachWindow({ type: 'hopping', sizeMs: 300_000, hopMs: 60_000 }, ts, (start, end) => fold(start, end))
 */
export function forEachWindow(spec: FixedWindowSpec, ts: number, visit: (start: number, end: number) => void): void {
  const size = spec.sizeMs;
  const hop = spec.type === 'tumbling' ? size : spec.hopMs;
  const latestStart = ts - positiveModulo(ts, hop);
  // Config requires size to be a multiple of hop; rounding up keeps other sizes correct too.
  let start = latestStart - (Math.ceil(size / hop) - 1) * hop;
  for (; start <= latestStart; start += hop) {
    if (start + size > ts) visit(start, start + size);
  }
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
