import type { ViewDefinition } from '../config/types';
import { WINDOW_BOUND_TYPE, type ColumnDefinition } from './column-types';
import { finalTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier } from '../contracts/clickhouse-quoting';

/** The final-period table's columns: which period, at which generation, since when. */
export function finalTableColumns(): ColumnDefinition[] {
  return [
    { name: 'period_start', type: WINDOW_BOUND_TYPE },
    { name: 'generation', type: 'UInt64' },
    { name: 'finalized_at', type: WINDOW_BOUND_TYPE },
  ];
}

/**
 * `CREATE TABLE IF NOT EXISTS` for `<view>__final`. Inserting one row is the
 * atomic switch of a period from speed to batch rows; readers take the
 * newest generation per period, and ReplacingMergeTree(generation) lets
 * merges drop the superseded rows.
 */
export function createFinalTableSql(database: string, view: ViewDefinition): string {
  const columns = finalTableColumns().map((column) => `  ${quoteIdentifier(column.name)} ${column.type}`);
  return [
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, finalTableName(view.name))}`,
    `(\n${columns.join(',\n')}\n)`,
    'ENGINE = ReplacingMergeTree(`generation`)',
    'ORDER BY `period_start`',
  ].join('\n');
}
