import type { Admin } from 'kafkajs';
import { topicSpecsFor, type Logger, type PipelineConfig } from '@sluice/core';
import { ensurePipelineTopics } from '@sluice/kafka';

/**
 * Creates the missing source, results, late and dead-letter topics in the
 * shapes @sluice/core's topic specs give, and returns the number of
 * partitions the results topic has (which may differ from its spec when it
 * existed before: results go to the partitions that exist).
 */
export async function ensureOutputTopics(admin: Admin, config: PipelineConfig, logger: Logger): Promise<number> {
  await ensurePipelineTopics(admin, topicSpecsFor(config, 'aggregator'), logger);
  const results = config.kafka.topics.results;
  const metadata = await admin.fetchTopicMetadata({ topics: [results] });
  return Math.max(1, metadata.topics[0]?.partitions.length ?? 1);
}
