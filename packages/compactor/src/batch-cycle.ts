import type { Admin } from 'kafkajs';
import {
  periodCloseBoundMs,
  periodStartOf,
  windowKindOf,
  type BatchStore,
  type Logger,
  type PipelineConfig,
  type ProgressStore,
  type RawStore,
  type RetentionStore,
  type ViewDefinition,
} from '@sluice/core';
import { NO_EVENT_TIME } from './partition-buffer';
import type { CompactorMetrics } from './compactor-metrics';
import { recomputePeriods, type RecomputeContext } from './recompute';
import { sweepRetention } from './retention-sweep';
import { sourceWatermark } from './source-watermark';

/** The stores one cycle reads and writes. */
export interface BatchCycleStores {
  readonly raw: RawStore;
  readonly progress: ProgressStore;
  readonly batch: BatchStore;
  readonly retention: RetentionStore;
}

export interface BatchCycleOptions {
  readonly config: PipelineConfig;
  readonly stores: BatchCycleStores;
  readonly admin: Admin;
  readonly logger: Logger;
  readonly metrics: CompactorMetrics;
  readonly startedAt: number;
  readonly now?: () => number;
}

/** The most periods one cycle closes per view, so a long backfill does not hold the cycle for hours. */
const MAX_PERIODS_PER_CYCLE = 1_000;

/**
 * One pass of the batch layer: for each view, make final every period the
 * landed watermark has closed, recompute the dirty ones, then drop the rows
 * no reader sees any more (retention-sweep.ts). The watermark a
 * cycle uses is published (closingWatermark) before any period is read, so
 * dirty marking treats events landing meanwhile in those periods as late.
 */
export class BatchCycle {
  private readonly watermarks = new Map<string, number>();
  private readonly context: RecomputeContext;
  private readonly now: () => number;

  constructor(private readonly options: BatchCycleOptions) {
    this.now = options.now ?? Date.now;
    this.context = { progress: options.stores.progress, batch: options.stores.batch, logger: options.logger, metrics: options.metrics, now: this.now };
  }

  /** The watermark of the latest cycle for a source (-Infinity before the first). */
  closingWatermark(source: string): number {
    return this.watermarks.get(source) ?? -Infinity;
  }

  async run(): Promise<void> {
    const { config } = this.options;
    for (const source of Object.values(config.sources)) {
      const views = config.views.filter((view) => view.source === source.name);
      if (views.length === 0) continue;
      const watermark = await sourceWatermark(this.options.stores.progress, this.options.admin, config, source, this.options.startedAt, this.now());
      if (watermark > this.closingWatermark(source.name)) this.watermarks.set(source.name, watermark);
      this.options.metrics.watermark.set(Number.isFinite(watermark) ? watermark : 0, { source: source.name });
      for (const view of views) {
        await this.closePeriods(view, watermark);
        await this.recomputeDirty(view, watermark);
        await sweepRetention(this.options.stores.retention, config.retention, view, this.now(), this.options.logger);
      }
    }
  }

  /** Makes final the closed periods after the view's closed_through, oldest first. */
  private async closePeriods(view: ViewDefinition, watermark: number): Promise<void> {
    if (!Number.isFinite(watermark)) return;
    const from = (await this.closedThrough(view)) ?? (await this.firstPeriod(view));
    if (from === undefined) return;
    // Periods after the newest landed event are empty: they are made final once an event reaches them.
    const limit = periodStartOf(view, await this.maxLandedEventTime(view)) + view.periodMs;
    let to = from;
    while (to < limit && to - from < MAX_PERIODS_PER_CYCLE * view.periodMs && periodCloseBoundMs(view, to) <= watermark) to += view.periodMs;
    if (to > from) to = await this.sessionsEndedBefore(view, from, to, watermark);
    if (to === from) return;
    await recomputePeriods(this.context, view, from, to);
    await this.options.stores.progress.recordClosedThrough(view.name, to);
  }

  private async maxLandedEventTime(view: ViewDefinition): Promise<number> {
    return (await this.options.stores.progress.maxLandedEventTime(view.source)) ?? NO_EVENT_TIME;
  }

  /**
   * A session period is closed only when every session starting in it can no
   * longer grow: returns the start of the first period in `[from, to)` with a
   * session whose end + lateness the watermark has not passed, or `to`.
   */
  private async sessionsEndedBefore(view: ViewDefinition, from: number, to: number, watermark: number): Promise<number> {
    if (!windowKindOf(view.window).growsWithEvents) return to;
    for (const { period, reach } of await this.options.stores.raw.sessionReach(view, { fromMs: from, toMs: to })) {
      if (reach + view.latenessMs > watermark) return period;
    }
    return to;
  }

  private async closedThrough(view: ViewDefinition): Promise<number | undefined> {
    return this.options.stores.progress.closedThrough(view.name);
  }

  /** The first period holding a window of the earliest landed event: where a new view's backfill starts. */
  private async firstPeriod(view: ViewDefinition): Promise<number | undefined> {
    const first = await this.options.stores.raw.earliestEventTime(view.source);
    if (first === undefined) return undefined;
    return periodStartOf(view, first - windowKindOf(view.window).firstWindowLeadMs(view.window));
  }

  /** Recomputes the dirty periods that are closed, as one generation per contiguous run. */
  private async recomputeDirty(view: ViewDefinition, watermark: number): Promise<void> {
    const all = await this.options.stores.progress.dirtyPeriods(view.name);
    this.options.metrics.dirtyPeriods.set(all.length, { view: view.name });
    // Only periods the cycle has made final: an open one is recomputed when it closes anyway.
    const through = await this.closedThrough(view);
    const closed = all.filter((period) => through !== undefined && period < through && periodCloseBoundMs(view, period) <= watermark);
    if (closed.length === 0) return;
    const startedAt = this.now();
    for (const run of contiguousRuns(closed, view.periodMs)) {
      await recomputePeriods(this.context, view, run.from, run.to);
    }
    await this.options.stores.progress.clearDirty(view.name, closed, startedAt);
    this.options.metrics.dirtyPeriods.set(all.length - closed.length, { view: view.name });
    this.options.logger.info('dirty periods recomputed', { view: view.name, periods: closed.length });
  }
}

/** Sorted period starts grouped into runs of consecutive periods. */
export function contiguousRuns(periods: readonly number[], periodMs: number): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (const period of periods) {
    const last = runs[runs.length - 1];
    if (last && last.to === period) last.to = period + periodMs;
    else runs.push({ from: period, to: period + periodMs });
  }
  return runs;
}
