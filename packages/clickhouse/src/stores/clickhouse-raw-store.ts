import type { ClickHouseClient } from '@clickhouse/client';
import { qualifiedName, rawInsertToken, rawTableName, sessionReachSql, type InsertOutcome, type RawLanding, type RawStore, type SessionReach, type ViewDefinition } from '@sluice/core';
import { toClickHouseOperationError } from '../errors/clickhouse-operation-error';
import { isRowDataError, refusedRowsReason } from '../errors/row-data-error';
import { selectRows } from './json-rows';

/** The master dataset in `<source>__raw`, one insert per landed offset range. */
export class ClickHouseRawStore implements RawStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async land({ source, partition, firstOffset, lastOffset, rows }: RawLanding): Promise<InsertOutcome> {
    try {
      await this.insert({ source, partition, firstOffset, lastOffset, rows });
      return { type: 'inserted' };
    } catch (error) {
      const failure = toClickHouseOperationError(error);
      if (!isRowDataError(failure)) throw failure;
      return { type: 'refused', reason: refusedRowsReason(failure, rows.length) };
    }
  }

  private async insert({ source, partition, firstOffset, lastOffset, rows }: RawLanding): Promise<void> {
    await this.client.insert({
      table: qualifiedName(this.database, rawTableName(source.name)),
      values: rows as RawLanding['rows'][number][],
      format: 'JSONEachRow',
      clickhouse_settings: {
        insert_deduplicate: 1,
        // A range landed again after a crash carries the same token, so ClickHouse drops whatever of it had arrived.
        insert_deduplication_token: rawInsertToken(source.topic, partition, firstOffset, lastOffset),
        // One block per insert, so that one token covers one part per day partition.
        max_insert_block_size: String(Math.max(rows.length, 1_048_576)),
        min_insert_block_size_rows: '0',
        min_insert_block_size_bytes: '0',
      },
    });
  }

  async earliestEventTime(source: string): Promise<number | undefined> {
    const [row] = await selectRows<{ first: string | number; n: string | number }>(
      this.client,
      `SELECT toUnixTimestamp64Milli(min(event_time)) AS first, count() AS n FROM ${qualifiedName(this.database, rawTableName(source))}`,
    );
    return !row || Number(row.n) === 0 ? undefined : Number(row.first);
  }

  async sessionReach(view: ViewDefinition, range: { readonly fromMs: number; readonly toMs: number }): Promise<SessionReach[]> {
    const rows = await selectRows<{ period: string | number; reach: string | number }>(this.client, sessionReachSql(this.database, view, range));
    return rows.map((row) => ({ period: Number(row.period), reach: Number(row.reach) }));
  }
}
