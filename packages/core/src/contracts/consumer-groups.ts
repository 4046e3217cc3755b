import type { PipelineConfig } from '../config/types';

/** The roles that read Kafka in a consumer group; every instance of a role joins the same group. */
export const CONSUMER_ROLES = ['aggregator', 'sink', 'compactor'] as const;
export type ConsumerRole = (typeof CONSUMER_ROLES)[number];

/**
 * The consumer group of `role` in this pipeline: `<name>-<role>`. The pipeline
 * name prefixes it so that pipelines can share a cluster; the group id is
 * where committed offsets live, so it never changes.
 *
 * @example consumerGroupId({ name: 'shop' }, 'sink') // 'shop-sink'
 */
export function consumerGroupId(config: Pick<PipelineConfig, 'name'>, role: ConsumerRole): string {
  return `${config.name}-${role}`;
}
