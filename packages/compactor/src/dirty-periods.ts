import type { ClickHouseClient } from '@clickhouse/client';
import {
  batchTableName,
  finalTableName,
  groupValueString,
  periodCloseBoundMs,
  periodReachMs,
  periodStartOf,
  qualifiedName,
  quoteIdentifier,
  windowKindOf,
  type SourceDefinition,
  type ViewDefinition,
} from '@sluice/core';
import { dirtyTableName } from './bookkeeping-tables';
import type { RawRow } from './raw-record';

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
 * the next cycle recomputes them. Kept in ClickHouse so a restart remembers.
 */
export async function markDirtyPeriods(
  client: ClickHouseClient,
  database: string,
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
  const result = await client.query({
    query: `SELECT DISTINCT toUnixTimestamp64Milli(period_start) AS period FROM ${qualifiedName(database, finalTableName(view.name))} WHERE toUnixTimestamp64Milli(period_start) IN {periods:Array(Int64)}`,
    query_params: { periods: [...touched] },
    format: 'JSONEachRow',
  });
  for (const row of await result.json<{ period: string | number }>()) dirty.add(Number(row.period));
  if (dirty.size === 0) return [];
  if (windowKindOf(view.window).growsWithEvents) {
    const late = rows.filter((row) => periodsTouchedBy(view, row.event_time).some((period) => dirty.has(period)));
    for (const period of await sessionPeriodsJoinedBy(client, database, source, view, late)) dirty.add(period);
  }
  await client.insert({
    table: qualifiedName(database, dirtyTableName(view.name)),
    values: [...dirty].map((period) => ({ period_start: period, dirty: 1, changed_at: now })),
    format: 'JSONEachRow',
  });
  return [...dirty].sort((a, b) => a - b);
}

/**
 * A late event can extend, or join, a final session that started periods
 * earlier. Its period is found among the served batch sessions of the same
 * key that the event falls into or within a gap before: `[start - gap, end)`.
 */
async function sessionPeriodsJoinedBy(client: ClickHouseClient, database: string, source: SourceDefinition, view: ViewDefinition, late: readonly RawRow[]): Promise<number[]> {
  if (late.length === 0 || !windowKindOf(view.window).growsWithEvents || !view.groupBy.includes(source.key)) return [];
  const keys = late.map((row) => groupValueString((JSON.parse(row.raw) as Record<string, unknown>)[source.key]));
  const final = qualifiedName(database, finalTableName(view.name));
  const result = await client.query({
    query:
      `SELECT DISTINCT toUnixTimestamp64Milli(period_start) AS period FROM ${qualifiedName(database, batchTableName(view.name))}\n` +
      `WHERE (period_start, generation) IN (SELECT period_start, max(generation) FROM ${final} GROUP BY period_start)\n` +
      `  AND arrayExists((t, k) -> ${quoteIdentifier(source.key)} = k AND toUnixTimestamp64Milli(window_start) - ${periodReachMs(view)} <= t AND toUnixTimestamp64Milli(window_end) > t, {times:Array(Int64)}, {keys:Array(String)})`,
    query_params: { times: late.map((row) => row.event_time), keys },
    format: 'JSONEachRow',
  });
  return (await result.json<{ period: string | number }>()).map((row) => Number(row.period));
}

/** Dirty periods of a view, oldest first. */
export async function dirtyPeriods(client: ClickHouseClient, database: string, view: ViewDefinition): Promise<number[]> {
  const result = await client.query({
    query: `SELECT toUnixTimestamp64Milli(period_start) AS period FROM ${qualifiedName(database, dirtyTableName(view.name))} FINAL WHERE dirty = 1 ORDER BY period`,
    format: 'JSONEachRow',
  });
  return (await result.json<{ period: string | number }>()).map((row) => Number(row.period));
}

/**
 * Clears dirty marks as of `asOf` (when the recomputation started): a mark
 * made later carries a newer version and survives, so no late event is missed.
 */
export async function clearDirtyPeriods(client: ClickHouseClient, database: string, view: ViewDefinition, periods: readonly number[], asOf: number): Promise<void> {
  if (periods.length === 0) return;
  await client.insert({
    table: qualifiedName(database, dirtyTableName(view.name)),
    values: periods.map((period) => ({ period_start: period, dirty: 0, changed_at: asOf - 1 })),
    format: 'JSONEachRow',
  });
}
