import type { ViewDefinition } from '../config/types';
import { groupColumns, servedColumn, WINDOW_BOUND_TYPE, type ColumnDefinition } from './column-types';
import { batchTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier, quoteString } from '../contracts/clickhouse-quoting';

/**
 * The batch table's columns: the served row (window bounds, group fields,
 * one column per measure in its served type) plus the period it belongs to
 * and the generation of the recomputation that wrote it.
 */
export function batchTableColumns(view: ViewDefinition): ColumnDefinition[] {
  return [
    { name: 'window_start', type: WINDOW_BOUND_TYPE },
    { name: 'window_end', type: WINDOW_BOUND_TYPE },
    ...groupColumns(view.groupBy),
    ...view.measures.map(servedColumn),
    { name: 'period_start', type: WINDOW_BOUND_TYPE },
    { name: 'generation', type: 'UInt64' },
  ];
}

/** The batch table's sorting key: a (period, generation) is one contiguous range. */
export function batchTableKey(view: ViewDefinition): string[] {
  return ['period_start', 'generation', 'window_start', ...view.groupBy];
}

/**
 * `CREATE TABLE IF NOT EXISTS` for `<view>__batch`. A plain MergeTree: every
 * recomputation writes a new generation beside the old ones and the serving
 * view reads only the generation that `<view>__final` names, so a half-written
 * generation is never visible and no merge can change what is served.
 */
export function createBatchTableSql(database: string, view: ViewDefinition, comment: string): string {
  const columns = batchTableColumns(view).map((column) => `  ${quoteIdentifier(column.name)} ${column.type}`);
  return [
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, batchTableName(view.name))}`,
    `(\n${columns.join(',\n')}\n)`,
    'ENGINE = MergeTree',
    'PARTITION BY toYYYYMM(`period_start`)',
    `ORDER BY (${batchTableKey(view).map(quoteIdentifier).join(', ')})`,
    `COMMENT ${quoteString(comment)}`,
  ].join('\n');
}
