import type { PartitionMetadata } from 'kafkajs';
import { KAFKA_ERROR_CODES } from '../errors/kafka-error-table';
import { KafkaError } from '../errors/kafka-error';

/** A topic as a metadata response describes it. */
export interface TopicMetadataView {
  readonly name: string;
  readonly partitions: readonly PartitionMetadata[];
}

/**
 * Thrown while a topic is not yet usable: missing from the metadata, without
 * partitions, or with a partition that has no leader. Retriable: right after
 * creation (by this process or another) the controller still assigns leaders.
 */
export class TopicsNotReadyError extends KafkaError {
  constructor(readonly problems: readonly string[]) {
    super(KAFKA_ERROR_CODES.topicsNotReady, `not every partition has a leader yet: ${problems.join('; ')}`, {
      retriable: true,
      kafkaType: 'TopicsNotReady',
      cause: undefined,
    });
  }
}

/** The partition count of each of `names` once every one has all partitions led; throws TopicsNotReadyError before that. */
export function partitionCountsOnceLed(topics: readonly TopicMetadataView[], names: readonly string[]): Map<string, number> {
  const byName = new Map(topics.map((topic) => [topic.name, topic.partitions]));
  const problems = names.flatMap((name) => problemsOf(name, byName.get(name)));
  if (problems.length > 0) throw new TopicsNotReadyError(problems);
  return new Map(names.map((name) => [name, byName.get(name)?.length ?? 0]));
}

function problemsOf(name: string, partitions: readonly PartitionMetadata[] | undefined): string[] {
  if (partitions === undefined) return [`${name} is not in the metadata`];
  if (partitions.length === 0) return [`${name} has no partitions`];
  const leaderless = partitions.filter((partition) => partition.leader < 0 || partition.partitionErrorCode !== 0).map((partition) => partition.partitionId);
  return leaderless.length === 0 ? [] : [`${name} partitions ${leaderless.join(', ')} have no leader`];
}
