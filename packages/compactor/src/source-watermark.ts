import type { ClickHouseClient } from '@clickhouse/client';
import type { Admin } from 'kafkajs';
import { idleWatermarks, progressTableName, qualifiedName, type PipelineConfig, type SourceDefinition } from '@sluice/core';
import { NO_EVENT_TIME } from './partition-buffer';

interface ProgressRow {
  readonly kafka_partition: number;
  readonly next_offset: string;
  readonly max_event_time: string | number;
  readonly last_record_at: string | number;
}

/**
 * The landed watermark of a source: per partition (max landed event time -
 * maxOutOfOrderness), with the speed layer's idle rule, then the minimum over
 * EVERY partition of the topic. It is read from what has landed in ClickHouse,
 * not from what was consumed, so a period closes only once all of its events
 * that will ever come in order are in the raw table. A partition counts as
 * idle only when it is caught up (landed up to its end offset) and nothing
 * new has landed for idleTimeout; a partition with a backlog is always active.
 */
export async function sourceWatermark(
  client: ClickHouseClient,
  admin: Admin,
  config: PipelineConfig,
  source: SourceDefinition,
  startedAt: number,
  now: number,
): Promise<number> {
  const result = await client.query({
    query: `SELECT kafka_partition, next_offset, max_event_time, last_record_at FROM ${qualifiedName(config.clickhouse.database, progressTableName(source.name))} FINAL`,
    format: 'JSONEachRow',
  });
  const progress = new Map((await result.json<ProgressRow>()).map((row) => [Number(row.kafka_partition), row]));
  const ends = await admin.fetchTopicOffsets(source.topic);
  const partitions = ends.map((end) => {
    const landed = progress.get(end.partition);
    const next = BigInt(landed?.next_offset ?? end.low);
    const caughtUp = next >= BigInt(end.high);
    const maxEventTime = landed ? Number(landed.max_event_time) : NO_EVENT_TIME;
    return {
      watermark: maxEventTime === NO_EVENT_TIME ? -Infinity : maxEventTime - config.aggregator.maxOutOfOrdernessMs,
      lastRecordAt: caughtUp ? Number(landed?.last_record_at ?? startedAt) : now,
    };
  });
  if (partitions.length === 0) return -Infinity;
  return Math.min(...idleWatermarks(partitions, now, config.aggregator));
}
