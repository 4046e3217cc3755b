import type { ClickHouseClient } from '@clickhouse/client';
import type { Admin } from 'kafkajs';
import {
  periodCloseBoundMs,
  periodStartOf,
  qualifiedName,
  rawTableName,
  sessionReachSql,
  windowKindOf,
  type Logger,
  type PipelineConfig,
  type ViewDefinition,
} from '@sluice/core';
import { closedTableName, progressTableName } from './bookkeeping-tables';
import { NO_EVENT_TIME } from './partition-buffer';
import type { CompactorMetrics } from './compactor-metrics';
import { clearDirtyPeriods, dirtyPeriods } from './dirty-periods';
import { recomputePeriods, type RecomputeContext } from './recompute';
import { sourceWatermark } from './source-watermark';

export interface BatchCycleOptions {
  readonly config: PipelineConfig;
  readonly client: ClickHouseClient;
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
 * landed watermark has closed, then recompute the dirty ones. The watermark a
 * cycle uses is published (closingWatermark) before any period is read, so
 * dirty marking treats events landing meanwhile in those periods as late.
 */
export class BatchCycle {
  private readonly watermarks = new Map<string, number>();
  private readonly context: RecomputeContext;
  private readonly now: () => number;

  constructor(private readonly options: BatchCycleOptions) {
    this.now = options.now ?? Date.now;
    this.context = { client: options.client, database: options.config.clickhouse.database, logger: options.logger, metrics: options.metrics, now: this.now };
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
      const watermark = await sourceWatermark(this.options.client, this.options.admin, config, source, this.options.startedAt, this.now());
      if (watermark > this.closingWatermark(source.name)) this.watermarks.set(source.name, watermark);
      this.options.metrics.watermark.set(Number.isFinite(watermark) ? watermark : 0, { source: source.name });
      for (const view of views) {
        await this.closePeriods(view, watermark);
        await this.recomputeDirty(view, watermark);
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
    await this.options.client.insert({
      table: qualifiedName(this.context.database, closedTableName(view.name)),
      values: [{ view: view.name, closed_through: to }],
      format: 'JSONEachRow',
    });
  }

  private async maxLandedEventTime(view: ViewDefinition): Promise<number> {
    const result = await this.options.client.query({
      query: `SELECT max(max_event_time) AS latest FROM ${qualifiedName(this.context.database, progressTableName(view.source))} FINAL`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ latest: string | number | null }>();
    return Number(row?.latest ?? NO_EVENT_TIME);
  }

  /**
   * A session period is closed only when every session starting in it can no
   * longer grow: returns the start of the first period in `[from, to)` with a
   * session whose end + lateness the watermark has not passed, or `to`.
   */
  private async sessionsEndedBefore(view: ViewDefinition, from: number, to: number, watermark: number): Promise<number> {
    if (!windowKindOf(view.window).growsWithEvents) return to;
    const result = await this.options.client.query({ query: sessionReachSql(this.context.database, view, { fromMs: from, toMs: to }), format: 'JSONEachRow' });
    for (const row of await result.json<{ period: string | number; reach: string | number }>()) {
      if (Number(row.reach) + view.latenessMs > watermark) return Number(row.period);
    }
    return to;
  }

  private async closedThrough(view: ViewDefinition): Promise<number | undefined> {
    const result = await this.options.client.query({
      query: `SELECT max(closed_through) AS through, count() AS n FROM ${qualifiedName(this.context.database, closedTableName(view.name))}`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ through: string | number; n: string | number }>();
    return row && Number(row.n) > 0 ? Number(row.through) : undefined;
  }

  /** The first period holding a window of the earliest landed event: where a new view's backfill starts. */
  private async firstPeriod(view: ViewDefinition): Promise<number | undefined> {
    const result = await this.options.client.query({
      query: `SELECT toUnixTimestamp64Milli(min(event_time)) AS first, count() AS n FROM ${qualifiedName(this.context.database, rawTableName(view.source))}`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ first: string | number; n: string | number }>();
    if (!row || Number(row.n) === 0) return undefined;
    return periodStartOf(view, Number(row.first) - windowKindOf(view.window).firstWindowLeadMs(view.window));
  }

  /** Recomputes the dirty periods that are closed, as one generation per contiguous run. */
  private async recomputeDirty(view: ViewDefinition, watermark: number): Promise<void> {
    const all = await dirtyPeriods(this.options.client, this.context.database, view);
    this.options.metrics.dirtyPeriods.set(all.length, { view: view.name });
    // Only periods the cycle has made final: an open one is recomputed when it closes anyway.
    const through = await this.closedThrough(view);
    const closed = all.filter((period) => through !== undefined && period < through && periodCloseBoundMs(view, period) <= watermark);
    if (closed.length === 0) return;
    const startedAt = this.now();
    for (const run of contiguousRuns(closed, view.periodMs)) {
      await recomputePeriods(this.context, view, run.from, run.to);
    }
    await clearDirtyPeriods(this.options.client, this.context.database, view, closed, startedAt);
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
