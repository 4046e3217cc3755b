import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { consumerGroupId, isRetriable, retry, type Logger, type PartitionProgress, type PipelineConfig, type ProgressStore, type RawStore, type RefusedRow, type SourceDefinition } from '@sluice/core';
import { retryWithinBatch, subscribeOnceSettled, type DeadLetterWriter } from '@sluice/kafka';
import type { StallWatch } from '@sluice/runtime';
import type { CompactorMetrics } from './compactor-metrics';
import { landRange } from './land-range';
import { NO_EVENT_TIME, PartitionBuffer } from './partition-buffer';
import { isUndecodable, toRawRow, type RawRow } from './raw-record';
import { valueReaderFor, type SourceValueReader } from './source-value-reader';

export interface RawLanderOptions {
  readonly config: PipelineConfig;
  readonly kafka: Kafka;
  /** Where the rows land, and where what has landed is recorded. */
  readonly stores: { readonly raw: RawStore; readonly progress: ProgressStore };
  readonly deadLetters: DeadLetterWriter;
  readonly logger: Logger;
  readonly metrics: CompactorMetrics;
  /** Hears every failed attempt that landing retries (an outage) and every flush that got through. */
  readonly stalls: StallWatch;
  /** Called after rows landed and before their offsets are committed: marks late periods dirty. */
  readonly onLanded: (source: SourceDefinition, rows: readonly RawRow[]) => Promise<void>;
  /** Landing cannot go on (a failure no retry can cure, such as a missing table): the worker must stop and restart. */
  readonly onFatal?: (error: unknown) => void;
  readonly now?: () => number;
}

/**
 * Lands every record of the source topics in `<source>__raw`, in large
 * batches. Per partition a flush inserts the buffered offset range with an
 * insert token derived from that range, records the partition's progress,
 * lets dirty marking run, and only then commits the offsets: a crash at any
 * point replays records that the token or the table's (partition, offset)
 * key folds away, and loses none.
 */
export class RawLander {
  private consumer: Consumer | undefined;
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly sourcesByTopic: Map<string, SourceDefinition>;
  private readonly readersByTopic: Map<string, SourceValueReader>;
  private readonly now: () => number;
  private lastFlushAt: number;
  private buffered = 0;
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;
  private lastVersion = 0;
  private stopping = false;
  /** The heartbeat of the batch being handled, if any: a flush waiting out an outage keeps the group membership with it. */
  private heartbeat: (() => Promise<void>) | undefined;

  constructor(private readonly options: RawLanderOptions) {
    this.sourcesByTopic = new Map(Object.values(options.config.sources).map((source) => [source.topic, source]));
    this.readersByTopic = new Map(Object.values(options.config.sources).map((source) => [source.topic, valueReaderFor(source, options.config)]));
    this.now = options.now ?? Date.now;
    this.lastFlushAt = this.now();
  }

  /** The error that stopped landing, if any: the worker reports itself unhealthy. */
  get error(): unknown {
    return this.failure;
  }

  /** Connects, subscribes to every source topic from the beginning, and starts landing. */
  async start(): Promise<void> {
    await this.loadProgress();
    const consumer = this.options.kafka.consumer({
      groupId: consumerGroupId(this.options.config, 'compactor'),
      allowAutoTopicCreation: false,
      // A killed compactor's partitions wait for its session to expire; keep that short (the broker minimum is 6s).
      sessionTimeout: 10_000,
      heartbeatInterval: 2_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
    });
    this.consumer = consumer;
    await consumer.connect();
    await subscribeOnceSettled(consumer, { topics: [...this.sourcesByTopic.keys()], fromBeginning: true });
    // After a rebalance, partitions new to this instance continue from what their previous owner recorded.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      void this.enqueue(() => this.untilDone(() => this.loadProgress())).catch((error: unknown) => this.fail(error));
    });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) });
    const interval = this.options.config.compactor.flushIntervalMs;
    this.timer = setInterval(() => {
      if (this.failure === undefined && (this.buffered > 0 || this.hasPending())) void this.flushIfDue().catch((error: unknown) => this.fail(error));
    }, Math.max(50, Math.floor(interval / 4)));
  }

  /** Lands what is buffered, commits it, and leaves the group. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // A flush waiting out an outage gives up at its next attempt: its offsets stay uncommitted and are read again.
    this.stopping = true;
    const consumer = this.consumer;
    if (!consumer) return;
    await consumer.stop();
    if (this.failure === undefined) await this.enqueueFlush();
    await consumer.disconnect();
    this.consumer = undefined;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    this.heartbeat = payload.heartbeat;
    try {
      await this.handleBatch(payload);
    } finally {
      this.heartbeat = undefined;
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const source = this.sourcesByTopic.get(batch.topic);
    if (!source) return;
    const buffer = this.bufferFor(source, batch.partition);
    const reader = this.readersByTopic.get(batch.topic) as SourceValueReader;
    // An unreachable schema registry holds the batch here, unread, until it answers.
    const prepared = await retryWithinBatch(() => reader.prepare(batch.messages), {
      heartbeat,
      stillOwned: () => isRunning() && !isStale() && this.failure === undefined,
      logger: this.options.logger,
      batch,
    });
    if (!prepared) return;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      if (BigInt(message.offset) < buffer.skipBelow) {
        resolveOffset(message.offset);
        continue;
      }
      const row = toRawRow(source, { partition: batch.partition, offset: message.offset, key: message.key, value: message.value, timestamp: message.timestamp }, reader.read);
      if (isUndecodable(row)) {
        const record = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {} };
        await this.untilDone(() => this.options.deadLetters.send(record, row.reason));
        this.options.metrics.deadLetters.inc({ source: source.name });
        buffer.add(message.offset);
      } else {
        buffer.add(message.offset, row);
        this.buffered++;
      }
      resolveOffset(message.offset);
      // The interrupted range is complete again: land it before reading further, so its token matches.
      if (buffer.cutAt !== undefined && BigInt(message.offset) >= buffer.cutAt) {
        await this.enqueueFlush();
        break;
      }
    }
    await heartbeat();
    await this.flushIfDue();
  }

  private async flushIfDue(): Promise<void> {
    const settings = this.options.config.compactor;
    if (this.buffered >= settings.batchEvents || this.now() - this.lastFlushAt >= settings.flushIntervalMs) await this.enqueueFlush();
  }

  /** Flushes run one at a time, whether the batch handler or the timer asked. */
  private enqueueFlush(): Promise<void> {
    return this.enqueue(() => this.flush());
  }

  /** Flushes and progress reloads run one at a time, in order. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    // After a failed flush nothing may commit: later offsets would skip the records that did not land.
    const next = this.flushing.then(() => {
      if (this.failure !== undefined) throw this.failure;
      return task();
    });
    this.flushing = next.catch((error: unknown) => this.fail(error));
    return next;
  }

  private async flush(): Promise<void> {
    this.lastFlushAt = this.now();
    const taken = [...this.buffers.values()].flatMap((buffer) => {
      const range = buffer.take();
      return range ? [{ buffer, ...range }] : [];
    });
    if (taken.length === 0) return;
    this.buffered = 0;
    const maxOoo = this.options.config.aggregator.maxOutOfOrdernessMs;
    const landedAt = this.now();
    await this.writeIntents(taken.map(({ buffer, firstOffset, lastOffset }) => ({ buffer, firstOffset, lastOffset })), landedAt);
    const progress: { source: string; row: PartitionProgress }[] = [];
    const landedBySource = new Map<SourceDefinition, RawRow[]>();
    for (const { buffer, rows, firstOffset, lastOffset } of taken) {
      const source = this.sourcesByTopic.get(buffer.topic) as SourceDefinition;
      const watermark = buffer.maxEventTime === NO_EVENT_TIME ? 0 : Math.max(0, buffer.maxEventTime - maxOoo);
      for (const row of rows) row.landed_watermark = watermark;
      const { landed, refused } = rows.length > 0 ? await this.untilDone(() => landRange(this.options.stores.raw, { source, partition: buffer.partition, firstOffset, lastOffset, rows })) : { landed: [], refused: [] };
      await this.deadLetterRefused(source, buffer.partition, refused);
      // Only rows in the raw table move event time: a refused row is not part of the master dataset.
      for (const row of landed) if (row.event_time > buffer.maxEventTime) buffer.maxEventTime = row.event_time;
      const row = { partition: buffer.partition, nextOffset: (BigInt(lastOffset) + 1n).toString(), pendingLast: '-1', maxEventTime: buffer.maxEventTime, lastRecordAt: landedAt, version: this.version() };
      progress.push({ source: source.name, row });
      buffer.skipBelow = BigInt(lastOffset) + 1n;
      landedBySource.set(source, [...(landedBySource.get(source) ?? []), ...landed]);
    }
    for (const [source, rows] of landedBySource) {
      const entries = progress.filter((entry) => entry.source === source.name).map((entry) => entry.row);
      await this.untilDone(() => this.options.stores.progress.recordPartitions(source.name, entries));
      if (rows.length > 0) await this.untilDone(() => this.options.onLanded(source, rows));
      this.options.metrics.eventsLanded.inc({ source: source.name }, rows.length);
    }
    await this.commit(taken.map(({ buffer, lastOffset }) => ({ topic: buffer.topic, partition: buffer.partition, offset: (BigInt(lastOffset) + 1n).toString() })));
    this.options.logger.debug('landed', { records: taken.reduce((n, t) => n + t.rows.length, 0), partitions: taken.length });
  }

  /**
   * Commits landed offsets. A refused commit (the group is rebalancing) loses
   * nothing: the records are landed and recorded in the progress table, so
   * whoever reads them again skips them; the next flush commits further.
   */
  private async commit(offsets: { topic: string; partition: number; offset: string }[]): Promise<void> {
    try {
      await this.consumer?.commitOffsets(offsets);
    } catch (error) {
      this.options.logger.warn('offset commit refused; the landed records are skipped on replay', { error });
    }
  }

  /**
   * Records, per partition, the range about to land, before landing it: if the
   * process dies before the range is recorded as landed, the next one lands
   * exactly this range again (see PartitionBuffer.cutAt).
   */
  private async writeIntents(ranges: readonly { buffer: PartitionBuffer; firstOffset: string; lastOffset: string }[], at: number): Promise<void> {
    for (const source of new Set(ranges.map(({ buffer }) => this.sourcesByTopic.get(buffer.topic) as SourceDefinition))) {
      const intents = ranges
        .filter(({ buffer }) => buffer.topic === source.topic)
        .map(({ buffer, firstOffset, lastOffset }) => ({
          partition: buffer.partition,
          nextOffset: firstOffset,
          pendingLast: lastOffset,
          maxEventTime: buffer.maxEventTime,
          lastRecordAt: at,
          version: this.version(),
        }));
      await this.untilDone(() => this.options.stores.progress.recordPartitions(source.name, intents));
    }
  }

  /**
   * Sends each row ClickHouse refused to the dead-letter topic, with the
   * store's reason and the row's coordinates: the row's event text as value
   * and its key, so the offsets can move past it and its neighbours stay landed.
   */
  private async deadLetterRefused(source: SourceDefinition, partition: number, refused: readonly RefusedRow<RawRow>[]): Promise<void> {
    for (const { row, reason } of refused) {
      const record = { topic: source.topic, partition, offset: row.kafka_offset, key: Buffer.from(row.event_key, 'utf8'), value: Buffer.from(row.raw, 'utf8') };
      await this.untilDone(() => this.options.deadLetters.send(record, reason));
      this.options.metrics.deadLetters.inc({ source: source.name });
      this.options.logger.warn('raw row refused by ClickHouse; sent to the dead-letter topic', { topic: source.topic, partition, offset: row.kafka_offset, reason });
    }
  }

  /**
   * Runs one step of landing until it gets through, waiting out failures an
   * outage causes (ClickHouse or Kafka unreachable, a timeout) with the worker
   * reported stalled; nothing is committed meanwhile. Failures no retry can
   * cure, and any failure once the lander is stopping, pass through.
   */
  private async untilDone<T>(step: () => Promise<T>): Promise<T> {
    const result = await retry(step, {
      retries: Number.MAX_SAFE_INTEGER,
      initialDelayMs: 250,
      maxDelayMs: 5_000,
      shouldRetry: (error) => isRetriable(error) && !this.stopping,
      onRetry: (error, attempt, delayMs) => {
        this.options.stalls.failed('landing', error);
        if (attempt === 1 || attempt % 20 === 0) this.options.logger.warn('landing stalled; retrying', { attempt, delayMs, error });
        void this.heartbeat?.().catch((failure: unknown) => this.options.logger.debug('heartbeat while stalled failed', { error: failure }));
      },
    });
    this.options.stalls.progressed('landing');
    return result;
  }

  /** Strictly increasing versions for the progress table, so the later of two rows always wins. */
  private version(): number {
    this.lastVersion = Math.max(this.now(), this.lastVersion + 1);
    return this.lastVersion;
  }

  private bufferFor(source: SourceDefinition, partition: number): PartitionBuffer {
    const key = `${source.topic}:${partition}`;
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = new PartitionBuffer(source.topic, partition, NO_EVENT_TIME);
      this.buffers.set(key, buffer);
    }
    return buffer;
  }

  private hasPending(): boolean {
    for (const buffer of this.buffers.values()) if (buffer.pending) return true;
    return false;
  }

  /**
   * Reads what the progress table says of each partition: where landing
   * continues, an interrupted range to land again exactly, and the largest
   * landed event time (so landed watermarks continue where they were).
   */
  private async loadProgress(): Promise<void> {
    for (const source of this.sourcesByTopic.values()) {
      for (const row of await this.options.stores.progress.partitions(source.name)) {
        this.lastVersion = Math.max(this.lastVersion, row.version);
        const buffer = this.bufferFor(source, row.partition);
        // A buffer holding records is this instance's own, newer than anything recorded.
        if (buffer.pending) continue;
        buffer.maxEventTime = Math.max(buffer.maxEventTime, row.maxEventTime);
        const next = BigInt(row.nextOffset);
        if (next > buffer.skipBelow) buffer.skipBelow = next;
        const pending = BigInt(row.pendingLast);
        buffer.cutAt = pending >= buffer.skipBelow ? pending : undefined;
      }
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.options.logger.error('landing failed; offsets stay uncommitted so a restart replays them', { error });
    this.options.onFatal?.(error);
  }
}
