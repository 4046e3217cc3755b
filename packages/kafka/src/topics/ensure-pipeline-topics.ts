import type { Admin } from 'kafkajs';
import type { Logger, PipelineTopicSpec } from '@sluice/core';
import { ensureTopics, type EnsureTopicsOptions, type EnsureTopicsResult } from './ensure-topics';

/**
 * Creates the missing topics of `specs` (from @sluice/core's topic specs) and
 * reports each existing topic whose partition count differs from its spec:
 * a warning with both numbers, since it changes parallelism and no guarantee
 * (see pipelineTopicSpecs in @sluice/core for why).
 */
export async function ensurePipelineTopics(admin: Admin, specs: readonly PipelineTopicSpec[], logger: Logger, options: EnsureTopicsOptions = {}): Promise<EnsureTopicsResult> {
  const onRetry = (error: unknown, attempt: number, delayMs: number) => logger.info('topics not usable yet, waiting', { attempt, delayMs, error: error as Error });
  const result = await ensureTopics(admin, specs, { ...options, retry: { onRetry, ...options.retry } });
  const roles = new Map(specs.map((spec) => [spec.topic, spec.role]));
  for (const { topic, expected, actual } of result.mismatches) {
    logger.warn('topic exists with another partition count than the config gives; Sluice leaves it as it is', { topic, role: roles.get(topic), expected, actual });
  }
  return result;
}
