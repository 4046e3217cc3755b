import { closedTableName, dirtyTableName, progressTableName } from '../contracts/clickhouse-objects';
import { qualifiedName } from '../contracts/clickhouse-quoting';

/**
 * The compactor's own state lives in ClickHouse beside the data it describes,
 * so a restart (or another instance) reads exactly what was landed and decided.
 */

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
