import { qualifiedName } from './identifiers';

/**
 * The compactor's own state lives in ClickHouse beside the data it describes,
 * so a restart (or another instance) reads exactly what was landed and decided.
 */

/**
 * Per source partition: how far the raw table has landed (every offset below
 * next_offset is in it), the range being landed right now (next_offset ..
 * pending_last, or -1), and how far event time got.
 */
export function progressTableName(source: string): string {
  return `${source}__raw_progress`;
}

/** Periods of a view that received events after being made final, waiting for a recomputation. */
export function dirtyTableName(view: string): string {
  return `${view}__dirty`;
}

/** Per view: every period before `closed_through` has been made final by the regular cycle. */
export function closedTableName(view: string): string {
  return `${view}__closed`;
}

export function createProgressTableSql(database: string, source: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, progressTableName(source))} (\n` +
    '  kafka_partition UInt32,\n  next_offset UInt64,\n  pending_last Int64,\n  max_event_time Int64,\n  last_record_at Int64,\n  updated_at Int64\n)\n' +
    'ENGINE = ReplacingMergeTree(updated_at)\nORDER BY kafka_partition'
  );
}

export function createDirtyTableSql(database: string, view: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, dirtyTableName(view))} (\n` +
    "  period_start DateTime64(3, 'UTC'),\n  dirty UInt8,\n  changed_at Int64\n)\n" +
    'ENGINE = ReplacingMergeTree(changed_at)\nORDER BY period_start'
  );
}

export function createClosedTableSql(database: string, view: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, closedTableName(view))} (\n` +
    '  view String,\n  closed_through Int64\n)\n' +
    'ENGINE = ReplacingMergeTree(closed_through)\nORDER BY view'
  );
}
