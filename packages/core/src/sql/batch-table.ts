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
 * A min-max index of window_start per granule: a query for recent windows
 * (the serving view filtered on window_start) reads only the granules of
 * those windows, whatever the history behind them, although the sort key
 * leads with period and generation.
 */
const WINDOW_START_INDEX = 'INDEX `window_start_range` `window_start` TYPE minmax GRANULARITY 1';

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
    `(\n${[...columns, `  ${WINDOW_START_INDEX}`].join(',\n')}\n)`,
    'ENGINE = MergeTree',
    'PARTITION BY toYYYYMM(`period_start`)',
    `ORDER BY (${batchTableKey(view).map(quoteIdentifier).join(', ')})`,
    `COMMENT ${quoteString(comment)}`,
  ].join('\n');
}

/**
 * Adds the window_start index to a batch table created before it had one;
 * parts written from then on carry it (older ones once merged, or at once
 * with `ALTER TABLE ... MATERIALIZE INDEX window_start_range`).
 */
export function addBatchWindowIndexSql(database: string, view: ViewDefinition): string {
  return `ALTER TABLE ${qualifiedName(database, batchTableName(view.name))} ADD ${WINDOW_START_INDEX.replace('INDEX', 'INDEX IF NOT EXISTS')}`;
}
