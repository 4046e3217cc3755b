import type { PipelineConfig } from '@sluice/core';
import type { Kafka } from 'kafkajs';
import { ensureTopics, type EnsureTopicsResult } from './ensure-topics';
import { sourceTopicSpecs } from './source-topics';

/** Creates the pipeline's missing source topics with their configured partitions, through a short-lived admin client. */
export async function ensureSourceTopics(kafka: Kafka, config: PipelineConfig): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await ensureTopics(admin, sourceTopicSpecs(config));
  } finally {
    await admin.disconnect();
  }
}
