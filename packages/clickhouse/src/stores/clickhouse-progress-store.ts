import type { ClickHouseClient } from '@clickhouse/client';
import {
  closedTableName,
  dirtyTableName,
  finalTableName,
  progressTableName,
  qualifiedName,
  type FinalPeriods,
  type PartitionProgress,
  type ProgressStore,
} from '@sluice/core';
import { insertJsonRows, selectRows } from './json-rows';

/**
 * The batch layer's bookkeeping in ReplacingMergeTree tables beside the data:
 * `<source>__raw_progress`, `<view>__closed`, `<view>__final` and `<view>__dirty`.
 * Reads use FINAL where the newest version of a row is what counts.
 */
export class ClickHouseProgressStore implements ProgressStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async partitions(source: string): Promise<PartitionProgress[]> {
    type Row = Record<'kafka_partition' | 'next_offset' | 'pending_last' | 'max_event_time' | 'last_record_at' | 'updated_at', string | number>;
    const rows = await selectRows<Row>(
      this.client,
      `SELECT kafka_partition, next_offset, pending_last, max_event_time, last_record_at, updated_at FROM ${this.table(progressTableName(source))} FINAL`,
    );
    return rows.map((row) => ({
      partition: Number(row.kafka_partition),
      nextOffset: String(row.next_offset),
      pendingLast: String(row.pending_last),
      maxEventTime: Number(row.max_event_time),
      lastRecordAt: Number(row.last_record_at),
      version: Number(row.updated_at),
    }));
  }

  async recordPartitions(source: string, progress: readonly PartitionProgress[]): Promise<void> {
    await insertJsonRows(
      this.client,
      this.table(progressTableName(source)),
      progress.map((row) => ({
        kafka_partition: row.partition,
        next_offset: row.nextOffset,
        pending_last: row.pendingLast,
        max_event_time: row.maxEventTime,
        last_record_at: row.lastRecordAt,
        updated_at: row.version,
      })),
    );
  }

  async maxLandedEventTime(source: string): Promise<number | undefined> {
    const [row] = await selectRows<{ latest: string | number | null }>(this.client, `SELECT max(max_event_time) AS latest FROM ${this.table(progressTableName(source))} FINAL`);
    return row?.latest === null || row?.latest === undefined ? undefined : Number(row.latest);
  }

  async closedThrough(view: string): Promise<number | undefined> {
    const [row] = await selectRows<{ through: string | number; n: string | number }>(
      this.client,
      `SELECT max(closed_through) AS through, count() AS n FROM ${this.table(closedTableName(view))}`,
    );
    return row && Number(row.n) > 0 ? Number(row.through) : undefined;
  }

  async recordClosedThrough(view: string, through: number): Promise<void> {
    await insertJsonRows(this.client, this.table(closedTableName(view)), [{ view, closed_through: through }]);
  }

  async latestGeneration(view: string): Promise<number> {
    const [row] = await selectRows<{ generation: string | number }>(this.client, `SELECT max(generation) AS generation FROM ${this.table(finalTableName(view))}`);
    return Number(row?.generation ?? 0);
  }

  async recordFinal(view: string, { periods, generation, finalizedAt }: FinalPeriods): Promise<void> {
    await insertJsonRows(
      this.client,
      this.table(finalTableName(view)),
      periods.map((period) => ({ period_start: period, generation, finalized_at: finalizedAt })),
    );
  }

  async finalAmong(view: string, periods: readonly number[]): Promise<number[]> {
    const rows = await selectRows<{ period: string | number }>(
      this.client,
      `SELECT DISTINCT toUnixTimestamp64Milli(period_start) AS period FROM ${this.table(finalTableName(view))} WHERE toUnixTimestamp64Milli(period_start) IN {periods:Array(Int64)}`,
      { periods: [...periods] },
    );
    return rows.map((row) => Number(row.period));
  }

  async dirtyPeriods(view: string): Promise<number[]> {
    const rows = await selectRows<{ period: string | number }>(
      this.client,
      `SELECT toUnixTimestamp64Milli(period_start) AS period FROM ${this.table(dirtyTableName(view))} FINAL WHERE dirty = 1 ORDER BY period`,
    );
    return rows.map((row) => Number(row.period));
  }

  async markDirty(view: string, periods: readonly number[], at: number): Promise<void> {
    await insertJsonRows(this.client, this.table(dirtyTableName(view)), periods.map((period) => ({ period_start: period, dirty: 1, changed_at: at })));
  }

  async clearDirty(view: string, periods: readonly number[], asOf: number): Promise<void> {
    if (periods.length === 0) return;
    // One version below asOf: a mark made at asOf or later carries a newer version and survives FINAL.
    await insertJsonRows(this.client, this.table(dirtyTableName(view)), periods.map((period) => ({ period_start: period, dirty: 0, changed_at: asOf - 1 })));
  }

  private table(name: string): string {
    return qualifiedName(this.database, name);
  }
}
