import type { PipelineConfig } from '@sluice/core';
import type { TopicSpec } from './ensure-topics';

/**
 * The source topics of a pipeline, with the partition counts and replication
 * the config asks for. Every worker that reads or writes a source creates the
 * missing ones at start, so the roles can start in any order and no topic is
 * ever auto-created with the broker's default partition count.
 */
export function sourceTopicSpecs(config: PipelineConfig): TopicSpec[] {
  return Object.values(config.sources).map((source) => ({
    topic: source.topic,
    partitions: source.partitions,
    replicationFactor: source.replicationFactor,
  }));
}
