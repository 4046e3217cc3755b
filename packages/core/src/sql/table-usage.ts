import { quoteString } from '../contracts/clickhouse-quoting';
import { SluiceError } from '../errors/sluice-error';
import type { TableUsage } from '../ports/storage-usage';

/**
 * Bytes on disk and rows of the active parts of each named table in
 * `database`, from system.parts: cheap (metadata only, no table is read).
 */
export function tableUsageSql(database: string, tables: readonly string[]): string {
  return [
    'SELECT table, sum(bytes_on_disk) AS bytes, sum(rows) AS rows',
    'FROM system.parts',
    `WHERE active AND database = ${quoteString(database)} AND table IN (${tables.map(quoteString).join(', ') || "''"})`,
    'GROUP BY table',
  ].join('\n');
}

/**
 * The usage of every named table, in the order asked, from the rows of
 * tableUsageSql (whose 64-bit sums come as strings); a table without parts
 * uses nothing.
 */
export function tableUsageFromRows(tables: readonly string[], rows: readonly Record<string, unknown>[]): TableUsage[] {
  const byTable = new Map(rows.map((row) => [String(row['table']), row]));
  return tables.map((table) => {
    const row = byTable.get(table);
    return { table, bytes: row === undefined ? 0 : toCount(row['bytes'], 'bytes'), rows: row === undefined ? 0 : toCount(row['rows'], 'rows') };
  });
}

function toCount(value: unknown, column: string): number {
  const count = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(count)) throw new SluiceError('TABLE_USAGE_UNREADABLE', `system.parts gave ${column} that is not a count: ${JSON.stringify(value)}`);
  return count;
}
