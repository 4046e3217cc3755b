import type { ClickHouseClient } from '@clickhouse/client';
import { tableUsageFromRows, tableUsageSql, type TableUsage, type TableUsageReader } from '@sluice/core';
import { selectRows } from './json-rows';

/** Disk use of the pipeline's tables from system.parts; a user sees only the parts of tables it may read. */
export class ClickHouseTableUsage implements TableUsageReader {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async tableUsage(tables: readonly string[]): Promise<TableUsage[]> {
    return tableUsageFromRows(tables, await selectRows<Record<string, unknown>>(this.client, tableUsageSql(this.database, tables)));
  }
}
