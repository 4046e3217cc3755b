import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '@sluice/core';
import { stateKeyPrefix } from '../checkpoint/state-codec';
import type { StateTopicReader } from './partition-registry';

/** One read of a state partition in progress: from its low offset to the high watermark taken at the start. */
interface PartitionRead {
  readonly prefix: string;
  readonly until: number;
  next: number;
  readonly entries: Map<string, Buffer>;
  readonly resolve: (entries: Map<string, Buffer>) => void;
}

/**
 * Reads the state topic when a source partition is assigned. kafkajs has no
 * manual assignment, so one long-lived consumer per aggregator instance, in a
 * group of its own that never commits, subscribes to the state topic and
 * keeps every partition paused except while one is read: seek to the low
 * offset, read to the high watermark taken when the read began, pause. Reads
 * of one state partition run one after the other; a read keeps only the keys
 * of its source partition, the last value per key, tombstones deleting.
 */
export class KafkaStateTopicReader implements StateTopicReader {
  private consumer: Consumer | undefined;
  private started: Promise<Consumer> | undefined;
  private readonly reads = new Map<number, PartitionRead>();
  private readonly queues = new Map<number, Promise<unknown>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Pick<Admin, 'fetchTopicOffsets'>,
    private readonly topic: string,
    private readonly groupId: string,
    private readonly logger: Logger,
  ) {}

  async read(topic: string, partition: number): Promise<Map<string, Buffer>> {
    const offsets = await this.admin.fetchTopicOffsets(this.topic);
    // Source partition p's states are in state partition p mod the partition count, as they were written.
    const statePartition = partition % Math.max(1, offsets.length);
    const bounds = offsets.find((candidate) => candidate.partition === statePartition);
    const previous = this.queues.get(statePartition) ?? Promise.resolve();
    const reading = previous.then(
      () => this.readPartition(statePartition, stateKeyPrefix(topic, partition), Number(bounds?.low ?? 0), Number(bounds?.high ?? 0)),
      () => this.readPartition(statePartition, stateKeyPrefix(topic, partition), Number(bounds?.low ?? 0), Number(bounds?.high ?? 0)),
    );
    this.queues.set(statePartition, reading);
    return reading;
  }

  /** Disconnects the consumer, if one was started. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async readPartition(statePartition: number, prefix: string, low: number, high: number): Promise<Map<string, Buffer>> {
    if (high <= low) return new Map();
    const consumer = await this.start();
    const started = Date.now();
    const entries = await new Promise<Map<string, Buffer>>((resolve) => {
      this.reads.set(statePartition, { prefix, until: high, next: low, entries: new Map(), resolve });
      consumer.seek({ topic: this.topic, partition: statePartition, offset: String(low) });
      consumer.resume([{ topic: this.topic, partitions: [statePartition] }]);
    });
    this.logger.info('state read back', { prefix, statePartition, records: high - low, states: entries.size, ms: Date.now() - started });
    return entries;
  }

  private start(): Promise<Consumer> {
    this.started ??= (async () => {
      const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 8 * 1024 * 1024, sessionTimeout: 30_000 });
      this.consumer = consumer;
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch: (payload) => this.take(payload) });
      // Seeking needs the partitions assigned: the group has this member only, so it gets all of them.
      await joined;
      return consumer;
    })();
    return this.started;
  }

  private async take({ batch, isStale }: EachBatchPayload): Promise<void> {
    const read = this.reads.get(batch.partition);
    const pause = () => this.consumer?.pause([{ topic: this.topic, partitions: [batch.partition] }]);
    if (read === undefined) {
      pause();
      return;
    }
    // A batch fetched before the seek is not part of this read.
    if (isStale()) return;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < read.next || offset >= read.until) continue;
      read.next = offset + 1;
      const key = message.key?.toString();
      if (key === undefined || !key.startsWith(read.prefix)) continue;
      if (message.value === null) read.entries.delete(key);
      else read.entries.set(key, message.value);
    }
    if (Number(batch.lastOffset()) + 1 < read.until) return;
    this.reads.delete(batch.partition);
    pause();
    read.resolve(read.entries);
  }
}
