import type { Consumer, EachBatchPayload } from 'kafkajs';
import { SluiceError, type Logger, type RetryOptions, type ViewDefinition } from '@sluice/core';
import { subscribeOnceSettled } from '@sluice/kafka';
import { createWorkerLifecycle, type WorkerOutcome, type WorkerState } from '@sluice/runtime';
import { decodeResultRows } from './decode-window-result';
import { PendingBatch, type RecordOrigin, type RejectedRecord } from './pending-batch';
import type { SinkMetrics } from './sink-metrics';
import { createSpeedRowEncoder, type SpeedRowEncoder } from './speed-row-encoder';
import type { SpeedWriter } from './speed-writer';
import { UnusableResultError } from './sink-errors';

/** Where records that cannot be written go, with the reason; resolves once the broker has them. */
export interface DeadLetters {
  send(records: readonly RejectedRecord[]): Promise<void>;
}

export interface SinkWorkerOptions {
  readonly consumer: Consumer;
  readonly topic: string;
  readonly views: readonly ViewDefinition[];
  readonly writer: SpeedWriter;
  readonly deadLetters: DeadLetters;
  readonly batchRows: number;
  readonly flushIntervalMs: number;
  readonly metrics: SinkMetrics;
  readonly logger: Logger;
  /** Epoch ms; a parameter so that batching runs on virtual time in tests. */
  readonly now?: () => number;
}

/**
 * Retry policy for inserts: keep trying a recovering ClickHouse for as long as
 * it takes (the sink reports itself stalled meanwhile), never lose a batch;
 * a stop gives up waiting and leaves the batch uncommitted.
 */
export const INSERT_RETRY: Omit<RetryOptions, 'onRetry'> = { retries: Number.MAX_SAFE_INTEGER, initialDelayMs: 100, maxDelayMs: 5_000 };

/**
 * Reads window results, writes them to the speed tables in batches, and
 * commits offsets only after ClickHouse accepted every row before them.
 * A crash between insert and commit re-reads records whose rows are
 * already stored; the same (key, version) collapses to one row, so nothing
 * is counted twice. Flushes run one at a time, in read order.
 */
export class SinkWorker {
  private readonly lifecycle = createWorkerLifecycle('sink');
  private readonly encoders: ReadonlyMap<string, SpeedRowEncoder>;
  private readonly viewsByName: ReadonlyMap<string, ViewDefinition>;
  private readonly now: () => number;
  private pending: PendingBatch;
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private consuming: Promise<void> = Promise.resolve();

  constructor(private readonly options: SinkWorkerOptions) {
    this.viewsByName = new Map(options.views.map((view) => [view.name, view]));
    this.encoders = new Map(options.views.map((view) => [view.name, createSpeedRowEncoder(view)]));
    this.now = options.now ?? Date.now;
    this.pending = this.newBatch();
  }

  get state(): WorkerState {
    return this.lifecycle.state;
  }

  /** Resolves once the worker has stopped, or failed on a batch it could not write; never rejects. */
  get done(): Promise<WorkerOutcome> {
    return this.lifecycle.done;
  }

  /** Subscribes and starts consuming; resolves once the consumer runs. */
  async start(): Promise<void> {
    this.lifecycle.transition('starting');
    const { consumer, topic } = this.options;
    try {
      await consumer.connect();
      await subscribeOnceSettled(consumer, { topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.consume(payload),
      });
    } catch (error) {
      this.lifecycle.fail(error);
      throw error;
    }
    if (!this.lifecycle.is('starting')) return;
    this.timer = setInterval(() => this.flushIfDue(), Math.max(10, Math.min(this.options.flushIntervalMs / 4, 250)));
    this.lifecycle.transition('running');
  }

  /**
   * Stops reading, writes and commits what was read, then leaves the group.
   * Commits need the group membership, so the consumer is paused (not
   * stopped) until the last batch is committed. After a failure nothing more
   * is written: it only leaves the group, and the state stays failed.
   */
  stop(): Promise<void> {
    return this.lifecycle.stopWith(() => this.drain());
  }

  private async drain(): Promise<void> {
    if (this.lifecycle.can('stopping')) this.lifecycle.transition('stopping');
    clearInterval(this.timer);
    const { consumer, topic } = this.options;
    // An insert waiting out an outage would hold the stop for as long as the outage lasts.
    this.options.writer.giveUpRetrying();
    try {
      consumer.pause([{ topic }]);
      await this.consuming;
      if (!this.lifecycle.is('failed')) await this.flush();
      await consumer.disconnect();
      if (this.lifecycle.is('stopping')) this.lifecycle.transition('stopped');
    } catch (error) {
      this.lifecycle.fail(error);
      await consumer.disconnect();
      throw error;
    }
  }

  /** The error that stopped the worker, if one did. */
  get error(): Error | undefined {
    return this.lifecycle.error;
  }

  private consume(payload: EachBatchPayload): Promise<void> {
    const run = this.consumeBatch(payload);
    this.consuming = run.catch(() => undefined);
    return run;
  }

  private async consumeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      // Records left unresolved here are fetched again, by this member or the next owner.
      if (!isRunning() || isStale() || this.lifecycle.state !== 'running') break;
      const origin: RecordOrigin = { topic: batch.topic, partition: batch.partition, offset: message.offset, key: message.key, value: message.value };
      this.add(origin);
      resolveOffset(message.offset);
      if (this.pending.isDue(this.now())) await this.flush().catch((error: unknown) => this.fail(error));
    }
    this.options.metrics.lag.set(Number(batch.offsetLag()), { partition: String(batch.partition) });
    if (this.lifecycle.state === 'running') await heartbeat();
  }

  private add(origin: RecordOrigin): void {
    let rows;
    try {
      rows = decodeResultRows(origin.value, this.viewsByName);
    } catch (error) {
      if (!(error instanceof UnusableResultError)) throw error;
      // Nothing of the record can be used (not JSON, an unknown view): it goes to the dead letters whole.
      this.pending.reject({ origin, reason: error.message }, this.now());
      return;
    }
    // A bad row costs only itself: the good rows of the same record are written, the bad one is dead-lettered alone.
    rows.forEach((verdict, row) => {
      if (!verdict.ok) return this.pending.reject({ origin, row, reason: verdict.reason }, this.now());
      const encoder = this.encoders.get(verdict.result.view) as SpeedRowEncoder;
      this.pending.addRow(verdict.result.view, { bytes: encoder.encode(verdict.result), origin, row }, this.now());
    });
  }

  private flushIfDue(): void {
    if (!this.pending.isDue(this.now()) || this.lifecycle.state !== 'running') return;
    this.flush().catch((error: unknown) => this.fail(error));
  }

  /** Queues the current batch behind any flush in progress and resolves when it is committed. */
  private flush(): Promise<void> {
    const batch = this.pending;
    this.pending = this.newBatch();
    const next = this.flushing.then(() => this.writeAndCommit(batch));
    this.flushing = next.catch(() => undefined);
    return next;
  }

  private async writeAndCommit(batch: PendingBatch): Promise<void> {
    // After a failed batch nothing may be committed: a later commit would skip the failed rows.
    if (this.lifecycle.error !== undefined) throw new SluiceError('SINK_FAILED', 'an earlier batch failed; not committing later ones', { cause: this.lifecycle.error });
    if (batch.isEmpty) return;
    const { writer, deadLetters, consumer, metrics, logger } = this.options;
    const refused = [...batch.rejected];
    for (const [view, rows] of batch.rowsByView) refused.push(...(await writer.write(view, rows)));
    // One dead letter per refused row, or per record nothing of which could be used.
    const rejected = refused;
    if (rejected.length > 0) {
      await deadLetters.send(rejected);
      metrics.deadLetters.inc({}, rejected.length);
      for (const record of rejected) {
        logger.warn('results record sent to the dead-letter topic', { partition: record.origin.partition, offset: record.origin.offset, row: record.row, reason: record.reason });
      }
    }
    metrics.batchRows.observe(batch.rows);
    const offsets = [...batch.commits().values()];
    try {
      await consumer.commitOffsets(offsets);
    } catch (error) {
      // The partition moved to another member; it re-reads these records and their rows collapse into the same versions.
      metrics.commitFailures.inc();
      logger.warn('offset commit refused; the records will be redelivered', { error: (error as Error).message, offsets });
    }
  }

  /** Pauses reading while ClickHouse is retried, so the backlog waits in Kafka rather than in memory. */
  setBackpressure(waiting: boolean): void {
    if (waiting === this.paused) return;
    this.paused = waiting;
    const topics = [{ topic: this.options.topic }];
    if (waiting) this.options.consumer.pause(topics);
    else this.options.consumer.resume(topics);
  }

  private fail(error: unknown): void {
    if (!this.lifecycle.fail(error)) return;
    this.options.logger.error('sink failed; stopping without committing the unwritten batch', { error: (error as Error).message });
    clearInterval(this.timer);
    this.options.consumer.pause([{ topic: this.options.topic }]);
  }

  private newBatch(): PendingBatch {
    return new PendingBatch({ maxRows: this.options.batchRows, maxAgeMs: this.options.flushIntervalMs });
  }
}
