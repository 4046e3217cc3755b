import type { Measure, ViewDefinition } from '../config/types';
import { describeWindow } from '../windows/window-kinds';
import { batchTableColumns, batchTableKey, createBatchTableSql } from './batch-table';
import { servedColumn, stateColumns, type ColumnDefinition } from './column-types';
import { createFinalTableSql, finalTableColumns } from './final-table';
import { batchTableName, finalTableName, speedTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier } from '../contracts/clickhouse-quoting';
import { createServingViewSql } from './serving-view';
import { createSpeedTableSql, speedTableColumns, speedTableKey } from './speed-table';

/** What ClickHouse already has for one table: `system.columns` rows and the table comment. */
export interface ExistingTable {
  readonly columns: readonly ColumnDefinition[];
  readonly comment: string;
  /** Column names of the sorting key, in order (`system.tables.sorting_key`, unquoted). */
  readonly sortingKey: readonly string[];
}

/** The existing tables of one view; absent ones are created. */
export interface ExistingViewTables {
  readonly speed?: ExistingTable;
  readonly batch?: ExistingTable;
  readonly final?: ExistingTable;
}

/** Statements that bring a view's tables up to its definition, or why that cannot be done. */
export interface SchemaPlan {
  readonly statements: readonly string[];
  /** Non-empty when the existing tables cannot serve the view; each entry says what changed. */
  readonly problems: readonly string[];
}

const COMMENT_PREFIX = 'sluice layout:';

/**
 * The table comment that records the window layout the rows were computed
 * with. Columns cannot show a change of window size or period, the comment can.
 */
export function viewLayoutComment(view: ViewDefinition): string {
  return `${COMMENT_PREFIX} window ${describeWindow(view.window, (ms) => `${ms}ms`)}, period ${view.periodMs}ms`;
}

/**
 * Plans the DDL for one view against what exists: creates missing tables,
 * adds the columns of new measures, and always (re)creates the serving view.
 * A change the stored rows cannot follow (group fields, a measure's kind or
 * type, the window layout) becomes a problem instead of a statement.
 */
export function planViewSchema(database: string, view: ViewDefinition, existing: ExistingViewTables): SchemaPlan {
  const statements: string[] = [];
  const problems: string[] = [];
  const comment = viewLayoutComment(view);

  if (!existing.speed) statements.push(createSpeedTableSql(database, view, comment));
  else {
    checkLayout(speedTableName(view.name), existing.speed, comment, problems);
    checkKey(speedTableName(view.name), existing.speed, speedTableKey(view), problems);
    const measureColumns = view.measures.map((measure) => ({ measure, columns: stateColumns(measure) }));
    const fixed = speedTableColumns(view).filter((column) => !measureColumns.some(({ columns }) => columns.some((c) => c.name === column.name)));
    planColumns(database, speedTableName(view.name), existing.speed.columns, fixed, measureColumns, statements, problems);
  }

  if (!existing.batch) statements.push(createBatchTableSql(database, view, comment));
  else {
    checkLayout(batchTableName(view.name), existing.batch, comment, problems);
    checkKey(batchTableName(view.name), existing.batch, batchTableKey(view), problems);
    const measureColumns = view.measures.map((measure) => ({ measure, columns: [servedColumn(measure)] }));
    const measureNames = new Set(view.measures.map((measure) => measure.name));
    const fixed = batchTableColumns(view).filter((column) => !measureNames.has(column.name));
    planColumns(database, batchTableName(view.name), existing.batch.columns, fixed, measureColumns, statements, problems);
  }

  if (!existing.final) statements.push(createFinalTableSql(database, view));
  else {
    for (const column of finalTableColumns()) checkColumn(finalTableName(view.name), existing.final.columns, column, problems);
  }

  if (problems.length === 0) statements.push(createServingViewSql(database, view));
  return { statements, problems };
}

/**
 * Fixed columns (bounds, group fields, bookkeeping) must exist as they are;
 * a measure's columns must all exist or all be missing, and missing ones are
 * added. Group fields are checked through the sorting key.
 */
function planColumns(
  database: string,
  table: string,
  existing: readonly ColumnDefinition[],
  fixed: readonly ColumnDefinition[],
  measures: readonly { measure: Measure; columns: readonly ColumnDefinition[] }[],
  statements: string[],
  problems: string[],
): void {
  for (const column of fixed) checkColumn(table, existing, column, problems);
  for (const { measure, columns } of measures) {
    const present = columns.filter((column) => existing.some((found) => found.name === column.name));
    const stale = existing.filter((found) => found.name.startsWith(`${measure.name}__`) && !columns.some((column) => column.name === found.name));
    if (stale.length > 0) {
      problems.push(`${table}: measure ${measure.name} changed to ${measure.kind}, but its stored state (${stale.map((found) => found.name).join(', ')}) is of another kind`);
    } else if (present.length === 0) {
      for (const column of columns) {
        statements.push(`ALTER TABLE ${qualifiedName(database, table)} ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column.name)} ${column.type}`);
      }
    } else if (present.length < columns.length) {
      problems.push(`${table}: measure ${measure.name} changed to ${measure.kind}, whose state the stored columns cannot hold`);
    } else {
      for (const column of columns) checkColumn(table, existing, column, problems, `measure ${measure.name} (${measure.kind})`);
    }
  }
}

function checkColumn(table: string, existing: readonly ColumnDefinition[], column: ColumnDefinition, problems: string[], what = `column ${column.name}`): void {
  const found = existing.find((candidate) => candidate.name === column.name);
  if (!found) problems.push(`${table}: column ${column.name} is missing`);
  else if (found.type !== column.type) problems.push(`${table}: ${what} needs ${column.name} ${column.type}, but the table has ${found.type}`);
}

function checkKey(table: string, existing: ExistingTable, key: readonly string[], problems: string[]): void {
  if (existing.sortingKey.join(',') === key.join(',')) return;
  problems.push(`${table}: sorted by (${existing.sortingKey.join(', ')}) but the view now needs (${key.join(', ')}); group fields changed`);
}

function checkLayout(table: string, existing: ExistingTable, comment: string, problems: string[]): void {
  const existingComment = existing.comment;
  if (!existingComment.startsWith(COMMENT_PREFIX) || existingComment === comment) return;
  const was = existingComment.slice(COMMENT_PREFIX.length).trim();
  const now = comment.slice(COMMENT_PREFIX.length).trim();
  problems.push(`${table}: the rows were computed with ${was}; the view now asks for ${now}`);
}
