import type { Admin, Consumer, FetchOffsetsPartition, SeekEntry, IHeaders, KafkaMessage, Message, Producer, ProducerRecord, RecordMetadata, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { FetchedBatch } from '../batch-folder';
import { OutputWriter, type OutputWriterOptions } from '../output-writer';
import type { StateTopicReader } from '../partition-registry';
import { stateKeyPrefix } from '../../checkpoint/state-codec';

/** An offset commit as the fake broker stored it, with the member that made it. */
export interface StoredCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string | null;
  readonly by: string;
}

/** A record of a topic with the partition it is in. */
export interface StoredRecord {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/**
 * The broker, in memory: topic logs and the committed offsets of consumer
 * groups. Like Kafka, it takes a commit from any member of the group: that
 * only the owner of a partition commits it is the aggregator's job.
 */
export class FakeCluster {
  /** `now` stamps each appended record, as a producer's CreateTime does: the reference of the source's event-time bounds. */
  constructor(private readonly now: () => number) {}

  private readonly logs = new Map<string, KafkaMessage[][]>();
  private readonly committed = new Map<string, StoredCommit>();
  /** Every commit in order, for assertions on who committed what. */
  readonly commitHistory: StoredCommit[] = [];

  createTopic(topic: string, partitions: number): void {
    this.logs.set(topic, Array.from({ length: partitions }, () => []));
  }

  /** Appends a record; returns its offset. */
  append(topic: string, partition: number, value: string | null, key: string | null = null, headers: IHeaders = {}): number {
    const log = this.log(topic, partition);
    const offset = log.length;
    log.push({ key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value), timestamp: String(this.now()), attributes: 0, offset: String(offset), headers });
    return offset;
  }

  /** The records of one partition, in offset order. */
  log(topic: string, partition: number): KafkaMessage[] {
    const log = this.logs.get(topic)?.[partition];
    if (!log) throw new Error(`no partition ${topic}:${partition}`);
    return log;
  }

  /** Every record of a topic, partition by partition. */
  records(topic: string): StoredRecord[] {
    return (this.logs.get(topic) ?? []).flatMap((log, partition) => log.map((message) => ({ partition, message })));
  }

  commit(groupId: string, by: string, offsets: readonly TopicPartitionOffsetAndMetadata[]): void {
    for (const { topic, partition, offset, metadata } of offsets) {
      const stored = { topic, partition, offset: Number(offset), metadata: metadata ?? null, by };
      this.committed.set(`${groupId}|${topic}:${partition}`, stored);
      this.commitHistory.push(stored);
    }
  }

  /** The group's committed offset of a partition, as a new member would find it. */
  committedOffset(groupId: string, topic: string, partition: number): StoredCommit | undefined {
    return this.committed.get(`${groupId}|${topic}:${partition}`);
  }

  partitionCount(topic: string): number {
    return this.logs.get(topic)?.length ?? 0;
  }
}

/** The admin calls the partition registry makes: committed offsets with their metadata, and log ends. */
export class FakeAdmin implements Pick<Admin, 'fetchOffsets' | 'fetchTopicOffsets'> {
  constructor(private readonly cluster: FakeCluster) {}

  async fetchTopicOffsets(topic: string): Promise<(SeekEntry & { high: string; low: string })[]> {
    return Array.from({ length: this.cluster.partitionCount(topic) }, (_, partition) => {
      const high = String(this.cluster.log(topic, partition).length);
      return { partition, offset: high, high, low: '0' };
    });
  }

  async fetchOffsets({ groupId, topics = [] }: { groupId: string; topics?: string[] }): Promise<{ topic: string; partitions: FetchOffsetsPartition[] }[]> {
    return topics.map((topic) => ({
      topic,
      partitions: Array.from({ length: this.cluster.partitionCount(topic) }, (_, partition) => {
        const stored = this.cluster.committedOffset(groupId, topic, partition);
        // Kafka answers -1 and no metadata for a partition the group never committed.
        return { partition, offset: String(stored?.offset ?? -1), metadata: stored?.metadata ?? null };
      }),
    }));
  }
}

/** One delivery as kafkajs hands it to eachBatch: the batch and the calls the aggregator makes on it. */
export interface FakeBatchPayload {
  readonly batch: FetchedBatch;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/**
 * A group member's consumer: the position it fetches from per assigned
 * partition (the group's committed offset on assignment, as kafkajs resumes,
 * or 0: fromBeginning), batches from there, seek, and offset commits.
 */
export class FakeConsumer implements Pick<Consumer, 'commitOffsets'> {
  private readonly positions = new Map<number, number>();
  private generation = 0;
  private running = true;
  /** Every batch handed out: partition and offsets [from, to). */
  readonly fetches: { partition: number; from: number; to: number }[] = [];

  constructor(
    private readonly cluster: FakeCluster,
    private readonly groupId: string,
    private readonly topic: string,
    readonly memberId: string,
  ) {}

  /** A rebalance gave this member `partitions`: batches fetched before it are stale. */
  assign(partitions: readonly number[]): void {
    this.generation++;
    this.positions.clear();
    for (const partition of partitions) this.positions.set(partition, this.cluster.committedOffset(this.groupId, this.topic, partition)?.offset ?? 0);
  }

  seek(partition: number, offset: number): void {
    if (!this.positions.has(partition)) throw new Error(`partition ${partition} is not assigned to ${this.memberId}`);
    this.positions.set(partition, offset);
  }

  /** The next batch of at most `maxRecords` from the fetch position, or undefined when there is nothing to read. */
  fetch(partition: number, maxRecords = Infinity): FakeBatchPayload | undefined {
    const from = this.positions.get(partition);
    if (from === undefined) throw new Error(`partition ${partition} is not assigned to ${this.memberId}`);
    const log = this.cluster.log(this.topic, partition);
    const messages = log.slice(from, Math.min(log.length, from + maxRecords));
    if (messages.length === 0) return undefined;
    const to = from + messages.length;
    this.positions.set(partition, to);
    this.fetches.push({ partition, from, to });
    const generation = this.generation;
    const highWatermark = log.length;
    return {
      // kafkajs: high watermark - 1 - last offset of the batch.
      batch: { topic: this.topic, partition, messages, offsetLag: () => String(highWatermark - to) },
      heartbeat: async () => undefined,
      isRunning: () => this.running,
      isStale: () => generation !== this.generation || !this.positions.has(partition),
    };
  }

  async commitOffsets(offsets: TopicPartitionOffsetAndMetadata[]): Promise<void> {
    if (!this.running) throw new Error(`${this.memberId} is not running`);
    this.cluster.commit(this.groupId, this.memberId, offsets);
  }

  stop(): void {
    this.running = false;
  }
}

/**
 * The producer calls the output writer makes, over the fake cluster: records
 * land at once; while acknowledgements are held, the send waits; while the
 * broker is made to refuse sends, nothing lands and every send fails.
 */
export class FakeProducer implements Pick<Producer, 'send'> {
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  private refusal: Error | undefined;
  /** Requests refused and not yet sent again: the writer resends the same messages. */
  private readonly refused = new Set<readonly Message[]>();

  constructor(private readonly cluster: FakeCluster) {}

  async send({ topic, messages }: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.refusal) {
      this.refused.add(messages);
      throw this.refusal;
    }
    this.refused.delete(messages);
    for (const record of messages) {
      const value = record.value === null ? null : String(record.value);
      const key = record.key === null || record.key === undefined ? null : String(record.key);
      this.cluster.append(topic, record.partition ?? 0, value, key, record.headers ?? {});
    }
    await this.gate;
    return [];
  }

  /** Holds acknowledgements until `release`. */
  hold(): void {
    this.gate ??= new Promise((resolve) => (this.openGate = resolve));
  }

  get holding(): boolean {
    return this.gate !== undefined;
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
    this.openGate = undefined;
  }

  /** Every send fails with `error` (as kafkajs fails it) until `accept`. */
  refuse(error: Error): void {
    this.refusal = error;
  }

  /** True while sends fail, and after that until every refused request was sent again. */
  get refusing(): boolean {
    return this.refusal !== undefined || this.refused.size > 0;
  }

  accept(): void {
    this.refusal = undefined;
  }
}

/**
 * The aggregator's own output writer over the fake producer, retries and
 * stall reporting included: sends can be held unacknowledged, or made to
 * fail as they do while the broker is unreachable.
 */
export class FakeResultWriter extends OutputWriter {
  private readonly fakeProducer: FakeProducer;

  constructor(cluster: FakeCluster, onFailure: (error: Error) => void, options: OutputWriterOptions) {
    const producer = new FakeProducer(cluster);
    super(producer, onFailure, options);
    this.fakeProducer = producer;
  }

  /** Holds acknowledgements until `release`. */
  hold(): void {
    this.fakeProducer.hold();
  }

  /** True while acknowledgements are held or sends fail: a flush in progress then stays pending. */
  get holding(): boolean {
    return this.fakeProducer.holding || this.fakeProducer.refusing;
  }

  release(): void {
    this.fakeProducer.release();
  }

  /** Every send fails with `error` until `acceptSends`, as while the broker is unreachable. */
  failSends(error: Error): void {
    this.fakeProducer.refuse(error);
  }

  acceptSends(): void {
    this.fakeProducer.accept();
  }
}

/** Reads the fake cluster's state topic as the aggregator's reader does: last value per key of one source partition. */
export class FakeStateTopicReader implements StateTopicReader {
  /** Every read, as `topic:partition`. */
  readonly reads: string[] = [];

  constructor(
    private readonly cluster: FakeCluster,
    private readonly topic: string,
  ) {}

  async read(topic: string, partition: number): Promise<Map<string, Buffer>> {
    this.reads.push(`${topic}:${partition}`);
    const prefix = stateKeyPrefix(topic, partition);
    const entries = new Map<string, Buffer>();
    for (const message of this.cluster.log(this.topic, partition % this.cluster.partitionCount(this.topic))) {
      const key = message.key?.toString();
      if (key === undefined || !key.startsWith(prefix)) continue;
      if (message.value === null) entries.delete(key);
      else entries.set(key, message.value);
    }
    return entries;
  }
}
