import type { Admin } from 'kafkajs';
import { RetriesExhaustedError, retry, type RetryOptions, type TopicSpec } from '@sluice/core';
import { KAFKA_ERROR_CODES, toSluiceError } from '../errors/kafka-error-table';
import { KafkaError } from '../errors/kafka-error';
import { partitionCountsOnceLed } from './topic-readiness';

/** A topic that already existed with another partition count; Sluice leaves it as it is. */
export interface PartitionMismatch {
  readonly topic: string;
  readonly expected: number;
  readonly actual: number;
}

export interface EnsureTopicsResult {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  /**
   * Existing topics whose partition count differs from the spec. They are not
   * changed: adding partitions would move keys to other partitions.
   */
  readonly mismatches: readonly PartitionMismatch[];
}

/** How ensureTopics waits for topics to settle: about half a minute in all, so a cluster that never settles fails the start with a reason. */
export const TOPICS_SETTLE_RETRY = { retries: 15, initialDelayMs: 100, maxDelayMs: 2_000 } as const;

export interface EnsureTopicsOptions {
  /** Overrides TOPICS_SETTLE_RETRY; tests pass a sleeper that does not wait. */
  readonly retry?: Partial<Pick<RetryOptions, 'retries' | 'initialDelayMs' | 'maxDelayMs' | 'sleeper' | 'random' | 'onRetry'>>;
}

/**
 * Creates the topics of `specs` that do not exist yet and waits until every
 * partition of every one has a leader. Safe to call from several processes
 * at once (workers started together on an empty broker): a topic someone
 * else created in between counts as existing, and the errors a fresh topic
 * answers with until its leaders are elected (UNKNOWN_TOPIC_OR_PARTITION,
 * LEADER_NOT_AVAILABLE) are waited out with backoff. Fails with what is
 * still missing once TOPICS_SETTLE_RETRY runs out.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[], options: EnsureTopicsOptions = {}): Promise<EnsureTopicsResult> {
  if (specs.length === 0) return { created: [], existing: [], mismatches: [] };
  const names = specs.map((spec) => spec.topic);
  const created = new Set<string>();
  const attempt = async (): Promise<Map<string, number>> => {
    try {
      await createMissing(admin, specs, created);
      return partitionCountsOnceLed((await admin.fetchTopicMetadata({ topics: names })).topics, names);
    } catch (error) {
      throw toSluiceError(error);
    }
  };
  let partitionCounts: Map<string, number>;
  try {
    partitionCounts = await retry(attempt, { ...TOPICS_SETTLE_RETRY, ...options.retry });
  } catch (error) {
    throw withContext(error, `ensuring topics ${names.join(', ')}`);
  }
  const mismatches = specs.flatMap((spec) => {
    const actual = partitionCounts.get(spec.topic) ?? 0;
    return actual === spec.partitions ? [] : [{ topic: spec.topic, expected: spec.partitions, actual }];
  });
  return { created: names.filter((name) => created.has(name)), existing: names.filter((name) => !created.has(name)), mismatches };
}

/** Creates each topic of `specs` the broker does not list, one request per topic, so that `created` names exactly the ones this call created. */
async function createMissing(admin: Admin, specs: readonly TopicSpec[], created: Set<string>): Promise<void> {
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !present.has(spec.topic) && !created.has(spec.topic));
  await Promise.all(
    missing.map(async (spec) => {
      if (await createTopic(admin, spec)) created.add(spec.topic);
    }),
  );
}

/** True when this call created the topic, false when another client had created it first. */
async function createTopic(admin: Admin, spec: TopicSpec): Promise<boolean> {
  try {
    // kafkajs answers false itself when the broker says TOPIC_ALREADY_EXISTS; leaders are waited for by the caller.
    return await admin.createTopics({ topics: [toTopicConfig(spec)], waitForLeaders: false });
  } catch (error) {
    if (toSluiceError(error).code === KAFKA_ERROR_CODES.topicExists) return false;
    throw error;
  }
}

/**
 * The error in Sluice's terms, its message prefixed with what was being done.
 * After the retries ran out it keeps the last failure's code and flag (a
 * later start may succeed) and says how many attempts were made.
 */
function withContext(error: unknown, context: string): KafkaError {
  const last = toSluiceError(error instanceof RetriesExhaustedError ? error.cause : error);
  const kafkaType = last instanceof KafkaError ? last.kafkaType : last.code;
  const message = error instanceof RetriesExhaustedError ? error.message : last.message;
  return new KafkaError(last.code, `${context}: ${message}`, { retriable: last.retriable, kafkaType, cause: error });
}

function toTopicConfig(spec: TopicSpec): { topic: string; numPartitions: number; replicationFactor?: number; configEntries?: { name: string; value: string }[] } {
  return {
    topic: spec.topic,
    numPartitions: spec.partitions,
    ...(spec.replicationFactor === undefined ? {} : { replicationFactor: spec.replicationFactor }),
    ...(spec.config && Object.keys(spec.config).length > 0 ? { configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })) } : {}),
  };
}
