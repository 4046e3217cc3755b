import type { ClickHouseClient } from '@clickhouse/client';
import { quoteString, type ColumnDefinition, type ExistingTable, type SchemaStore } from '@sluice/core';
import { selectRows } from './json-rows';

/** The tables of one database, read from `system.tables` and `system.columns`. */
export class ClickHouseSchemaStore implements SchemaStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async tables(): Promise<ReadonlyMap<string, ExistingTable>> {
    const database = quoteString(this.database);
    const tables = await selectRows<{ name: string; comment: string; sorting_key: string }>(
      this.client,
      `SELECT name, comment, sorting_key FROM system.tables WHERE database = ${database}`,
    );
    const columns = await selectRows<{ table: string; name: string; type: string }>(
      this.client,
      `SELECT table, name, type FROM system.columns WHERE database = ${database} ORDER BY table, position`,
    );
    const byTable = new Map<string, ColumnDefinition[]>();
    for (const column of columns) {
      const list = byTable.get(column.table) ?? [];
      list.push({ name: column.name, type: column.type });
      byTable.set(column.table, list);
    }
    return new Map(
      tables.map((table) => [table.name, { columns: byTable.get(table.name) ?? [], comment: table.comment, sortingKey: parseSortingKey(table.sorting_key) }]),
    );
  }

  async exists(name: string): Promise<boolean> {
    const [row] = await selectRows<{ n: string | number }>(
      this.client,
      'SELECT count() AS n FROM system.tables WHERE database = {database:String} AND name = {name:String}',
      { database: this.database, name },
    );
    return Number(row?.n ?? 0) > 0;
  }

  async apply(statements: readonly string[]): Promise<void> {
    for (const query of statements) await this.client.command({ query });
  }
}

/** `system.tables.sorting_key` (`a, b, \`c d\``) as plain column names. */
function parseSortingKey(key: string): string[] {
  if (key.trim() === '') return [];
  return key.split(/,\s*/).map((part) => part.trim().replace(/^`(.*)`$/, '$1').replace(/\\`/g, '`'));
}
