import { quoteString } from '../contracts/clickhouse-quoting';
import { SluiceError } from '../errors/sluice-error';
import type { TableUsage } from '../ports/storage-usage';

/**
 * Bytes on disk and rows of the active parts of each named table in
 * `database` that exists and that the user may see (system.tables and
 * system.parts show only those), with zeros for a table without parts. Reads
 * metadata only, no table data.
 */
export function tableUsageSql(database: string, tables: readonly string[]): string {
  const db = quoteString(database);
  return [
    'SELECT t.name AS table, sum(p.bytes_on_disk) AS bytes, sum(p.rows) AS rows',
    'FROM system.tables AS t',
    `LEFT JOIN (SELECT table, bytes_on_disk, rows FROM system.parts WHERE active AND database = ${db}) AS p ON p.table = t.name`,
    `WHERE t.database = ${db} AND t.name IN (${tables.map(quoteString).join(', ') || "''"})`,
    'GROUP BY t.name',
  ].join('\n');
}

/**
 * The usage of the named tables that tableUsageSql found, in the order asked,
 * from its rows (whose 64-bit sums come as strings).
 */
export function tableUsageFromRows(tables: readonly string[], rows: readonly Record<string, unknown>[]): TableUsage[] {
  const byTable = new Map(rows.map((row) => [String(row['table']), row]));
  return tables.flatMap((table) => {
    const row = byTable.get(table);
    return row === undefined ? [] : [{ table, bytes: toCount(row['bytes'], 'bytes'), rows: toCount(row['rows'], 'rows') }];
  });
}

function toCount(value: unknown, column: string): number {
  const count = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(count)) throw new SluiceError('TABLE_USAGE_UNREADABLE', `system.parts gave ${column} that is not a count: ${JSON.stringify(value)}`);
  return count;
}
