import type { Admin } from 'kafkajs';
import type { PipelineConfig } from '@sluice/core';
import { ensureTopics, sourceTopicSpecs } from '@sluice/kafka';

/**
 * Creates the missing source, results, late and dead-letter topics (results
 * get as many partitions as the widest source, so the sink scales the same
 * way) and returns the number of partitions of the results topic.
 */
export async function ensureOutputTopics(admin: Admin, config: PipelineConfig): Promise<number> {
  const sources = Object.values(config.sources);
  const partitions = Math.max(1, ...sources.map((source) => source.partitions));
  const replicationFactor = Math.max(1, Math.min(...sources.map((source) => source.replicationFactor)));
  const { results, late, deadLetter } = config.kafka.topics;
  const outputs = [...new Set([results, late, deadLetter])].map((topic) => ({ topic, partitions, replicationFactor }));
  await ensureTopics(admin, [...sourceTopicSpecs(config), ...outputs]);
  const metadata = await admin.fetchTopicMetadata({ topics: [results] });
  return Math.max(1, metadata.topics[0]?.partitions.length ?? 1);
}
