import type { ClickHouseClient } from '@clickhouse/client';
import {
  batchInsertSql,
  batchTableName,
  finalTableName,
  periodReachMs,
  mergedSpeedRowsSql,
  qualifiedName,
  quoteIdentifier,
  reconcileInsertSql,
  type BatchStore,
  type KeyedEventTime,
  type RecomputeRange,
  windowKindOf,
  type ViewDefinition,
} from '@sluice/core';
import { selectRows } from './json-rows';

/** Batch rows in `<view>__batch`, computed inside ClickHouse from the raw table by the SQL core generates. */
export class ClickHouseBatchStore implements BatchStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async writeGeneration(view: ViewDefinition, range: RecomputeRange): Promise<void> {
    await this.client.command({ query: batchInsertSql(this.database, view, range) });
  }

  async writeReconciliation(view: ViewDefinition, range: RecomputeRange): Promise<void> {
    const speedRows = mergedSpeedRowsSql(this.database, view, range.fromMs, range.toMs);
    await this.client.command({ query: reconcileInsertSql(this.database, view, range, speedRows) });
  }

  async sessionPeriodsJoinedBy(view: ViewDefinition, keyField: string, events: readonly KeyedEventTime[]): Promise<number[]> {
    if (events.length === 0 || !windowKindOf(view.window).growsWithEvents) return [];
    const final = qualifiedName(this.database, finalTableName(view.name));
    const rows = await selectRows<{ period: string | number }>(
      this.client,
      `SELECT DISTINCT toUnixTimestamp64Milli(period_start) AS period FROM ${qualifiedName(this.database, batchTableName(view.name))}\n` +
        `WHERE (period_start, generation) IN (SELECT period_start, max(generation) FROM ${final} GROUP BY period_start)\n` +
        `  AND arrayExists((t, k) -> ${quoteIdentifier(keyField)} = k AND toUnixTimestamp64Milli(window_start) - ${periodReachMs(view)} <= t AND toUnixTimestamp64Milli(window_end) > t, {times:Array(Int64)}, {keys:Array(String)})`,
      { times: events.map((event) => event.time), keys: events.map((event) => event.key) },
    );
    return rows.map((row) => Number(row.period));
  }
}
