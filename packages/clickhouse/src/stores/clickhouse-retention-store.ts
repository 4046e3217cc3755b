import type { ClickHouseClient } from '@clickhouse/client';
import { countFinalSpeedRowsSql, countSupersededGenerationsSql, dropFinalSpeedRowsSql, dropSupersededGenerationsSql, type RetentionStore, type ViewDefinition } from '@sluice/core';
import { selectRows } from './json-rows';

/** Retention of a view's speed and batch rows by lightweight DELETE, issued only when there is something to delete. */
export class ClickHouseRetentionStore implements RetentionStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async dropFinalSpeedRows(view: ViewDefinition, finalizedBeforeMs: number): Promise<number> {
    return this.deleteCounted(countFinalSpeedRowsSql(this.database, view, finalizedBeforeMs), dropFinalSpeedRowsSql(this.database, view, finalizedBeforeMs));
  }

  async dropSupersededGenerations(view: ViewDefinition, supersededBeforeMs: number): Promise<number> {
    return this.deleteCounted(countSupersededGenerationsSql(this.database, view, supersededBeforeMs), dropSupersededGenerationsSql(this.database, view, supersededBeforeMs));
  }

  private async deleteCounted(countSql: string, deleteSql: string): Promise<number> {
    const [row] = await selectRows<{ n: string | number }>(this.client, countSql);
    const count = Number(row?.n ?? 0);
    // Waits for the delete, so the next cycle counts what is left rather than what is being deleted.
    if (count > 0) await this.client.command({ query: deleteSql, clickhouse_settings: { mutations_sync: '1' } });
    return count;
  }
}
