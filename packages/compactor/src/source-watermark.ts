import type { Admin } from 'kafkajs';
import { idleWatermarks, type PipelineConfig, type ProgressStore, type SourceDefinition } from '@sluice/core';
import { NO_EVENT_TIME } from './partition-buffer';

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
  progressStore: ProgressStore,
  admin: Admin,
  config: PipelineConfig,
  source: SourceDefinition,
  startedAt: number,
  now: number,
): Promise<number> {
  const progress = new Map((await progressStore.partitions(source.name)).map((row) => [row.partition, row]));
  const ends = await admin.fetchTopicOffsets(source.topic);
  const partitions = ends.map((end) => {
    const landed = progress.get(end.partition);
    const next = BigInt(landed?.nextOffset ?? end.low);
    const caughtUp = next >= BigInt(end.high);
    const maxEventTime = landed ? landed.maxEventTime : NO_EVENT_TIME;
    return {
      watermark: maxEventTime === NO_EVENT_TIME ? -Infinity : maxEventTime - config.aggregator.maxOutOfOrdernessMs,
      lastRecordAt: caughtUp ? (landed?.lastRecordAt ?? startedAt) : now,
    };
  });
  if (partitions.length === 0) return -Infinity;
  return Math.min(...idleWatermarks(partitions, now, config.aggregator));
}
