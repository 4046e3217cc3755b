import type { ViewDefinition } from '../config/types';
import { SluiceError } from '../errors/sluice-error';
import { groupColumns, stateColumns, WINDOW_BOUND_TYPE, type ColumnDefinition } from './column-types';
import { speedTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier, quoteString } from '../contracts/clickhouse-quoting';

/**
 * The speed table's columns in insert order: window bounds, group fields,
 * the source partition, the replacing version and deletion flag, whether
 * the window was final, then every measure's partial-state columns.
 */
export function speedTableColumns(view: ViewDefinition): ColumnDefinition[] {
  const columns = [
    { name: 'window_start', type: WINDOW_BOUND_TYPE },
    { name: 'window_end', type: WINDOW_BOUND_TYPE },
    ...groupColumns(view.groupBy),
    { name: 'partition', type: 'UInt16' },
    { name: 'version', type: 'UInt64' },
    { name: 'is_deleted', type: 'UInt8' },
    { name: 'final', type: 'UInt8' },
    ...view.measures.flatMap(stateColumns),
  ];
  assertDistinctColumns(view.name, columns);
  return columns;
}

/** The speed table's sorting key: one row survives per (window, group, partition). */
export function speedTableKey(view: ViewDefinition): string[] {
  return ['window_start', ...view.groupBy, 'partition'];
}

/**
 * `CREATE TABLE IF NOT EXISTS` for `<view>__speed`. ReplacingMergeTree keeps
 * the highest `version` per key, so a redelivered or replayed result (same
 * version, same content) collapses into one row, and `is_deleted` turns a
 * retraction into a removal. The deduplication window lets a retried insert
 * with the same token be dropped on arrival.
 */
export function createSpeedTableSql(database: string, view: ViewDefinition, comment: string): string {
  const columns = speedTableColumns(view).map((column) => `  ${quoteIdentifier(column.name)} ${column.type}`);
  return [
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, speedTableName(view.name))}`,
    `(\n${columns.join(',\n')}\n)`,
    'ENGINE = ReplacingMergeTree(`version`, `is_deleted`)',
    'PARTITION BY toYYYYMM(`window_start`)',
    `ORDER BY (${speedTableKey(view).map(quoteIdentifier).join(', ')})`,
    'SETTINGS non_replicated_deduplication_window = 1000',
    `COMMENT ${quoteString(comment)}`,
  ].join('\n');
}

function assertDistinctColumns(view: string, columns: readonly ColumnDefinition[]): void {
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) {
      throw new SluiceError('VIEW_COLUMN_CLASH', `view ${view}: column ${name} would appear twice in its tables; rename the group field or measure`);
    }
    seen.add(name);
  }
}
