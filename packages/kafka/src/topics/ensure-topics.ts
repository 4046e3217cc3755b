import type { Admin } from 'kafkajs';
import type { TopicSpec } from '@sluice/core';
import { toSluiceError } from '../errors/kafka-error-table';

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

/**
 * Creates the topics of `specs` that do not exist yet and waits until every
 * partition has a leader. Safe to call again and from several processes at
 * once: a topic someone else created in between counts as existing.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
  if (specs.length === 0) return { created: [], existing: [], mismatches: [] };
  const names = specs.map((spec) => spec.topic);
  try {
    const present = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !present.has(spec.topic));
    const created = missing.length > 0 && (await admin.createTopics({ topics: missing.map(toTopicConfig), waitForLeaders: true })) ? missing.map((spec) => spec.topic) : [];
    const metadata = await admin.fetchTopicMetadata({ topics: names });
    const partitionCounts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
    const mismatches = specs.flatMap((spec) => {
      const actual = partitionCounts.get(spec.topic) ?? 0;
      return actual === spec.partitions ? [] : [{ topic: spec.topic, expected: spec.partitions, actual }];
    });
    return { created, existing: names.filter((name) => !created.includes(name)), mismatches };
  } catch (error) {
    throw toSluiceError(error, `ensuring topics ${names.join(', ')}`);
  }
}

function toTopicConfig(spec: TopicSpec): { topic: string; numPartitions: number; replicationFactor?: number; configEntries?: { name: string; value: string }[] } {
  return {
    topic: spec.topic,
    numPartitions: spec.partitions,
    ...(spec.replicationFactor === undefined ? {} : { replicationFactor: spec.replicationFactor }),
    ...(spec.config && Object.keys(spec.config).length > 0 ? { configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })) } : {}),
  };
}
