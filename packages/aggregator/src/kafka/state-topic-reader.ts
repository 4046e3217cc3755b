import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '@sluice/core';
import { stateKeyPrefix } from '../checkpoint/state-codec';
import type { StateTopicReader } from './partition-registry';

/**
 * Reads the state topic when a source partition is assigned. kafkajs has no
 * manual assignment, so each read is a consumer of its own, in a group of
 * its own that never commits, subscribed to the state topic from the
 * beginning: it pauses every partition but the one it reads, reads that one
 * from its low offset to the high watermark taken when the read began, and
 * disconnects. No seek is involved, so no batch fetched before one can mix
 * into a read. It keeps only the keys of its source partition, the last
 * value per key, tombstones deleting.
 */
export class KafkaStateTopicReader implements StateTopicReader {
  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Pick<Admin, 'fetchTopicOffsets'>,
    private readonly topic: string,
    private readonly groupIdPrefix: string,
    private readonly logger: Logger,
  ) {}

  async read(topic: string, partition: number): Promise<Map<string, Buffer>> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    // Source partition p's states are in state partition p mod the partition count, as they were written.
    const statePartition = partition % Math.max(1, offsets.length);
    const bounds = offsets.find((candidate) => candidate.partition === statePartition);
    const low = Number(bounds?.low ?? 0);
    const high = Number(bounds?.high ?? 0);
    if (high <= low) return new Map();
    const started = Date.now();
    const prefix = stateKeyPrefix(topic, partition);
    const entries = await this.readRange(statePartition, prefix, high);
    this.logger.info('state read back', { topic, partition, statePartition, records: high - low, states: entries.size, ms: Date.now() - started });
    return entries;
  }

  private async readRange(statePartition: number, prefix: string, until: number): Promise<Map<string, Buffer>> {
    const consumer = this.kafka.consumer({ groupId: `${this.groupIdPrefix}-${randomUUID()}`, allowAutoTopicCreation: false, maxBytesPerPartition: 8 * 1024 * 1024 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      const entries = new Map<string, Buffer>();
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              if (batch.partition !== statePartition) {
                consumer.pause([{ topic: this.topic, partitions: [batch.partition] }]);
                return;
              }
              for (const message of batch.messages) {
                if (Number(message.offset) >= until) break;
                const key = message.key?.toString();
                if (key === undefined || !key.startsWith(prefix)) continue;
                if (message.value === null) entries.delete(key);
                else entries.set(key, message.value);
              }
              if (Number(batch.lastOffset()) + 1 >= until) {
                consumer.pause([{ topic: this.topic, partitions: [statePartition] }]);
                resolve();
              }
            },
          })
          .catch(reject);
      });
      return entries;
    } finally {
      await consumer.disconnect();
    }
  }
}
