import { randomInt } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import {
  batchInsertSql,
  batchTableName,
  finalTableName,
  mergedSpeedRowsSql,
  periodReachMs,
  qualifiedName,
  reconcileInsertSql,
  type Logger,
  type ViewDefinition,
} from '@sluice/core';
import type { CompactorMetrics } from './compactor-metrics';
import { clearDirtyPeriods } from './dirty-periods';

/** What a recomputation needs: where to write and what to report. */
export interface RecomputeContext {
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly logger: Logger;
  readonly metrics?: CompactorMetrics;
  readonly now?: () => number;
}

/** Progress of a recomputation: periods done out of the total. */
export type RecomputeProgress = (done: number, total: number) => void;

/** The most periods written by one INSERT ... SELECT; a progress step each. */
const MAX_PERIODS_PER_STEP = 24;

/**
 * A generation newer than every one the view has: the wall clock in ms times
 * 1000 plus a random tail, or one past the newest recorded generation if the
 * clock is behind it.
 */
export async function nextGeneration(context: RecomputeContext, view: ViewDefinition): Promise<number> {
  const result = await context.client.query({
    query: `SELECT max(generation) AS generation FROM ${qualifiedName(context.database, finalTableName(view.name))}`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ generation: string | number }>();
  // Microsecond-like resolution with a random tail, so two recomputations started in the same ms never share one.
  return Math.max((context.now ?? Date.now)() * 1_000 + randomInt(1_000), Number(row?.generation ?? 0) + 1);
}

/**
 * Recomputes the periods in `[fromMs, toMs)` (period-aligned) as one new
 * generation: writes the batch rows, then records each period in V__final,
 * which is the atomic switch (the serving view reads only the generation
 * V__final names, so a period is never seen half-written or doubled), then
 * writes the reconciliation and deletes older generations of those periods.
 * Safe to run beside the compactor: each run has its own generation and the
 * newest one wins.
 */
export async function recomputePeriods(
  context: RecomputeContext,
  view: ViewDefinition,
  fromMs: number,
  toMs: number,
  onProgress?: RecomputeProgress,
): Promise<{ generation: number; periods: number }> {
  const total = Math.max(0, Math.round((toMs - fromMs) / view.periodMs));
  const generation = await nextGeneration(context, view);
  const step = Math.min(MAX_PERIODS_PER_STEP, Math.max(1, Math.ceil(total / 100)));
  onProgress?.(0, total);
  for (let done = 0; done < total; done += step) {
    const from = fromMs + done * view.periodMs;
    const to = Math.min(toMs, from + step * view.periodMs);
    const started = performance.now();
    await recomputeStep(context, view, { fromMs: from, toMs: to, generation });
    const seconds = (performance.now() - started) / 1000;
    context.metrics?.recomputeSeconds.observe(seconds, { view: view.name });
    context.metrics?.periodsFinalized.inc({ view: view.name }, Math.round((to - from) / view.periodMs));
    context.logger.info('periods final', { view: view.name, from: new Date(from).toISOString(), to: new Date(to).toISOString(), generation, seconds });
    onProgress?.(Math.min(total, done + step), total);
  }
  return { generation, periods: total };
}

async function recomputeStep(context: RecomputeContext, view: ViewDefinition, range: { fromMs: number; toMs: number; generation: number }): Promise<void> {
  const { client, database } = context;
  await client.command({ query: batchInsertSql(database, view, range) });
  const periods: { period_start: number; generation: number; finalized_at: number }[] = [];
  const finalizedAt = (context.now ?? Date.now)();
  for (let period = range.fromMs; period < range.toMs; period += view.periodMs) {
    periods.push({ period_start: period, generation: range.generation, finalized_at: finalizedAt });
  }
  await client.insert({ table: qualifiedName(database, finalTableName(view.name)), values: periods, format: 'JSONEachRow' });
  await client.command({ query: reconcileInsertSql(database, view, range, mergedSpeedRowsSql(database, view, range.fromMs, range.toMs)) });
  const from = `fromUnixTimestamp64Milli(toInt64(${range.fromMs}), 'UTC')`;
  const to = `fromUnixTimestamp64Milli(toInt64(${range.toMs}), 'UTC')`;
  await client.command({
    query: `ALTER TABLE ${qualifiedName(database, batchTableName(view.name))} DELETE WHERE period_start >= ${from} AND period_start < ${to} AND generation < ${range.generation}`,
  });
}

/**
 * `sluice recompute`: recomputes every period holding a window that events in
 * `[fromMs, toMs)` can touch (widened to whole periods; a hopping window or a
 * session that starts before fromMs included) and clears their dirty marks.
 * A period that was not final before is final afterwards (a backfill).
 */
export async function recomputeRange(
  context: RecomputeContext,
  view: ViewDefinition,
  fromMs: number,
  toMs: number,
  onProgress?: RecomputeProgress,
): Promise<{ generation: number; periods: number; fromMs: number; toMs: number }> {
  const from = Math.floor((fromMs - periodReachMs(view)) / view.periodMs) * view.periodMs;
  const to = Math.max(from + view.periodMs, Math.ceil(toMs / view.periodMs) * view.periodMs);
  const startedAt = (context.now ?? Date.now)();
  const result = await recomputePeriods(context, view, from, to, onProgress);
  const periods: number[] = [];
  for (let period = from; period < to; period += view.periodMs) periods.push(period);
  await clearDirtyPeriods(context.client, context.database, view, periods, startedAt);
  return { ...result, fromMs: from, toMs: to };
}
