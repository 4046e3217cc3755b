import type { WindowSpec } from '@sluice/core';

/** A half-open event-time interval `[start, end)`. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/**
 * Every tumbling or hopping window that contains `ts`, aligned to the epoch.
 * Written from the definition (walk back hop by hop), not from the engine's code.
 */
export function fixedWindowsOf(ts: number, window: Exclude<WindowSpec, { type: 'session' }>): Interval[] {
  const hop = window.type === 'hopping' ? window.hopMs : window.sizeMs;
  const windows: Interval[] = [];
  for (let start = Math.floor(ts / hop) * hop; start > ts - window.sizeMs; start -= hop) {
    windows.push({ start, end: start + window.sizeMs });
  }
  return windows.reverse();
}

/**
 * Sessions of one group: maximal runs of events whose consecutive gaps are
 * below `gapMs`; each ends at its last event + gap. Returns index runs into `times`.
 */
export function sessionRuns(times: readonly number[], gapMs: number): { interval: Interval; members: number[] }[] {
  const order = times.map((_, index) => index).sort((a, b) => (times[a] as number) - (times[b] as number));
  const runs: { interval: Interval; members: number[] }[] = [];
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
