import { randomInt } from 'node:crypto';
import { periodReachMs, type BatchStore, type Logger, type ProgressStore, type RetentionStore, type ViewDefinition } from '@sluice/core';
import type { CompactorMetrics } from './compactor-metrics';

/** What a recomputation needs: where to read and write, and what to report. */
export interface RecomputeContext {
  readonly progress: ProgressStore;
  readonly batch: BatchStore;
  readonly logger: Logger;
  readonly metrics?: CompactorMetrics;
  readonly now?: () => number;
  /**
   * When set, a recomputation run on its own (`sluice recompute`) drops the
   * generations superseded for longer than `supersededGraceMs` (default 0;
   * `retention.batchGenerations`) when it ends, not only at a compactor's sweep.
   */
  readonly retention?: RetentionStore;
  readonly supersededGraceMs?: number;
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
  const latest = await context.progress.latestGeneration(view.name);
  // Microsecond-like resolution with a random tail, so two recomputations started in the same ms never share one.
  return Math.max((context.now ?? Date.now)() * 1_000 + randomInt(1_000), latest + 1);
}

/**
 * Recomputes the periods in `[fromMs, toMs)` (period-aligned) as one new
 * generation: writes the batch rows, then records each period in V__final,
 * which is the atomic switch (the serving view reads only the generation
 * V__final names, so a period is never seen half-written or doubled), then
 * writes the reconciliation. The generations it supersedes are dropped by the
 * batch cycle's retention sweep, after `retention.batchGenerations`.
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
  await context.retention?.dropSupersededGenerations(view, (context.now ?? Date.now)() - (context.supersededGraceMs ?? 0));
  return { generation, periods: total };
}

async function recomputeStep(context: RecomputeContext, view: ViewDefinition, range: { fromMs: number; toMs: number; generation: number }): Promise<void> {
  await context.batch.writeGeneration(view, range);
  const periods: number[] = [];
  for (let period = range.fromMs; period < range.toMs; period += view.periodMs) periods.push(period);
  await context.progress.recordFinal(view.name, { periods, generation: range.generation, finalizedAt: (context.now ?? Date.now)() });
  await context.batch.writeReconciliation(view, range);
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
  await context.progress.clearDirty(view.name, periods, startedAt);
  return { ...result, fromMs: from, toMs: to };
}
