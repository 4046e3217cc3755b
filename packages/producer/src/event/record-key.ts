import { Partitioners } from 'kafkajs';

/**
 * The Kafka record key for a key field value: strings as they are, numbers and
 * booleans via String(). Ingest and the load generator share it, so both pick
 * the same partition for the same event.
 */
export function recordKey(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * The partition that kafkajs's default partitioner (murmur2 of the key, as
 * the Java client) picks for `key` in a topic of `partitions` partitions.
 * Calls the partitioner itself, so the answer cannot drift from the producer's.
 */
export function partitionOf(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return defaultPartitioner({ topic: '', partitionMetadata, message: { key: Buffer.from(key), value: null } });
}

const defaultPartitioner = Partitioners.DefaultPartitioner();
