import { sourceTopicSpecs, type Logger, type PipelineConfig } from '@sluice/core';
import type { Kafka } from 'kafkajs';
import { ensurePipelineTopics } from './ensure-pipeline-topics';
import type { EnsureTopicsResult } from './ensure-topics';

/** Creates the pipeline's missing source topics with their configured partitions, through a short-lived admin client. */
export async function ensureSourceTopics(kafka: Kafka, config: PipelineConfig, logger: Logger): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await ensurePipelineTopics(admin, sourceTopicSpecs(config), logger);
  } finally {
    await admin.disconnect();
  }
}
