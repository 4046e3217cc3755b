import { groupValueString, periodCloseBoundMs, periodReachMs, periodStartOf, windowKindOf, type BatchStore, type ProgressStore, type SourceDefinition, type ViewDefinition } from '@sluice/core';
import type { RawRow } from './raw-record';

/** The stores dirty marking reads and writes. */
export interface DirtyMarkingStores {
  readonly progress: ProgressStore;
  readonly batch: BatchStore;
}

/**
 * The periods whose rows an event at `ts` can change: those of every fixed
 * window holding it, or for a session view those from one gap before it (a
 * late event may extend or join the session before it) to its own.
 */
export function periodsTouchedBy(view: ViewDefinition, ts: number): number[] {
  const reach = periodReachMs(view);
  const periods: number[] = [];
  for (let period = periodStartOf(view, ts - reach); period <= ts; period += view.periodMs) periods.push(period);
  return periods;
}

/**
 * Marks dirty the periods that landed events touch and that are already
 * final, or closed by the watermark a running cycle is recomputing with, so
 * the next cycle recomputes them. Kept in the progress store so a restart remembers.
 */
export async function markDirtyPeriods(
  stores: DirtyMarkingStores,
  source: SourceDefinition,
  view: ViewDefinition,
  rows: readonly RawRow[],
  closingWatermark: number,
  now: number,
): Promise<number[]> {
  const touched = new Set<number>();
  for (const row of rows) for (const period of periodsTouchedBy(view, row.event_time)) touched.add(period);
  if (touched.size === 0) return [];
  const dirty = new Set([...touched].filter((period) => periodCloseBoundMs(view, period) <= closingWatermark));
  for (const period of await stores.progress.finalAmong(view.name, [...touched])) dirty.add(period);
  if (dirty.size === 0) return [];
  if (windowKindOf(view.window).growsWithEvents) {
    const late = rows.filter((row) => periodsTouchedBy(view, row.event_time).some((period) => dirty.has(period)));
    for (const period of await sessionPeriodsJoinedBy(stores.batch, source, view, late)) dirty.add(period);
  }
  await stores.progress.markDirty(view.name, [...dirty], now);
  return [...dirty].sort((a, b) => a - b);
}

/**
 * A late event can extend, or join, a final session that started periods
 * earlier. Its period is found among the served batch sessions of the same
 * key that the event falls into or within a gap before: `[start - gap, end)`.
 */
async function sessionPeriodsJoinedBy(batch: BatchStore, source: SourceDefinition, view: ViewDefinition, late: readonly RawRow[]): Promise<number[]> {
  if (late.length === 0 || !windowKindOf(view.window).growsWithEvents || !view.groupBy.includes(source.key)) return [];
  const events = late.map((row) => ({ time: row.event_time, key: groupValueString((JSON.parse(row.raw) as Record<string, unknown>)[source.key]) }));
  return batch.sessionPeriodsJoinedBy(view, source.key, events);
}
