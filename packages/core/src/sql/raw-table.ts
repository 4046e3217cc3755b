import type { SourceDefinition } from '../config/types';
import { rawTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier } from '../contracts/clickhouse-quoting';

/** Columns of the raw table, in insert order. `raw` holds the record value unchanged. */
export const RAW_COLUMNS = [
  { name: 'event_time', type: "DateTime64(3, 'UTC')" },
  { name: 'event_id', type: 'String' },
  { name: 'event_key', type: 'String' },
  { name: 'kafka_partition', type: 'UInt32' },
  { name: 'kafka_offset', type: 'UInt64' },
  /** The partition's watermark when the record landed: tells late events apart in reconciliation. */
  { name: 'landed_watermark', type: "DateTime64(3, 'UTC')" },
  { name: 'raw', type: 'String' },
] as const;

/** How many insert tokens a raw table remembers, so a replayed batch is dropped rather than landed twice. */
export const RAW_DEDUPLICATION_WINDOW = 10_000;

/**
 * DDL of a source's raw table. Partitioned by day so the TTL drops whole
 * parts; ordered by event time first so the views' period scans read only
 * their range. The sort key ends in (partition, offset), which identifies a
 * Kafka record, so the ReplacingMergeTree folds any replayed copy that an
 * insert token did not already stop (see the compactor README).
 */
export function createRawTableSql(database: string, source: Pick<SourceDefinition, 'name'>, rawRetentionMs: number): string {
  const columns = RAW_COLUMNS.map((column) => `  ${quoteIdentifier(column.name)} ${column.type}`).join(',\n');
  const ttl = rawRetentionMs > 0 ? `\n${rawTableTtl(rawRetentionMs)}` : '';
  return (
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, rawTableName(source.name))} (\n${columns}\n)\n` +
    `ENGINE = ReplacingMergeTree\nPARTITION BY toYYYYMMDD(event_time)\nORDER BY (event_time, kafka_partition, kafka_offset)${ttl}\n` +
    `SETTINGS non_replicated_deduplication_window = ${RAW_DEDUPLICATION_WINDOW}`
  );
}

/** The raw table's TTL clause for `retention.raw`: rows leave by event time, whole day partitions at once once all of a day is past it. */
export function rawTableTtl(rawRetentionMs: number): string {
  return `TTL toDateTime(event_time) + INTERVAL ${Math.max(1, Math.trunc(rawRetentionMs / 1000))} SECOND DELETE`;
}

/**
 * The insert token of one batch of one partition: the same offset range
 * always gives the same token, so ClickHouse drops a replayed insert.
 */
export function rawInsertToken(topic: string, partition: number, firstOffset: string, lastOffset: string): string {
  return `${topic}/${partition}/${firstOffset}-${lastOffset}`;
}
