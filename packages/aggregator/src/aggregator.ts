import type { Admin, Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import { EMPTY, Subscription, exhaustMap, from, interval, catchError } from 'rxjs';
import { SluiceError, consumerGroupId, type Logger, type MetricsRegistry, type PipelineConfig } from '@sluice/core';
import { retryWithinBatch } from '@sluice/kafka';
import { aggregatorMetrics, type AggregatorMetrics } from './aggregator-metrics';
import { planSources, type SourcePlan } from './engine/view-plan';
import { BatchFolder } from './kafka/batch-folder';
import { FlushCycle } from './kafka/flush-cycle';
import { OutputWriter } from './kafka/output-writer';
import { PartitionRegistry, type Assignment } from './kafka/partition-registry';
import { ensureOutputTopics } from './kafka/output-topics';
import { Lifecycle, type AggregatorState } from './lifecycle/lifecycle';

export interface AggregatorOptions {
  readonly config: PipelineConfig;
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  /** Wall clock, ms; idle handling and commit timing read it. */
  readonly clock?: () => number;
}

/** Bytes of results, late copies and dead letters in flight beyond which reading waits for acknowledgements. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

/**
 * The speed layer: consumes every source topic in one consumer group, keeps
 * per-partition window state, emits updates, finals and retractions to the
 * results topic, and commits replay points so that a restart rebuilds open
 * windows exactly. See the package README for why this is exactly-once in effect.
 */
export class Aggregator {
  private readonly lifecycle: Lifecycle;
  private readonly plans: Map<string, SourcePlan>;
  private readonly metricSet: AggregatorMetrics;
  private readonly clock: () => number;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly writer: OutputWriter;
  private readonly registry: PartitionRegistry;
  private readonly folder: BatchFolder;
  private readonly flush: FlushCycle;
  private flushes: Subscription | undefined;
  private running: Promise<void> = Promise.resolve();
  private lastCommitAt = 0;
  private failure: ((error: Error) => void) | undefined;
  /** Settles when the worker has stopped (resolves) or failed (rejects). */
  readonly done: Promise<void>;

  constructor(private readonly options: AggregatorOptions) {
    const { config, kafka, logger } = options;
    this.lifecycle = new Lifecycle((from, to) => logger.info('aggregator state', { from, to }));
    this.clock = options.clock ?? Date.now;
    this.plans = planSources(config);
    this.metricSet = aggregatorMetrics(options.metrics);
    const groupId = consumerGroupId(config, 'aggregator');
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
      // A killed instance's partitions move after this long; batches are folded in milliseconds, far below it.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.admin = kafka.admin();
    this.writer = new OutputWriter(this.producer, (error) => this.fail(error));
    this.registry = new PartitionRegistry(this.plans, this.admin, groupId, config.aggregator.maxOutOfOrdernessMs, this.clock, logger.child('partitions'));
    this.folder = new BatchFolder(config, this.plans, this.writer, this.metricSet, this.clock);
    this.flush = new FlushCycle(config, this.registry, this.consumer, this.writer, this.metricSet, this.clock, logger.child('flush'));
    this.done = new Promise<void>((resolve, reject) => {
      this.failure = reject;
      this.resolveDone = resolve;
    });
    // Callers may only await `done` later; a failure before that must not be an unhandled rejection.
    this.done.catch(() => undefined);
  }

  private resolveDone: () => void = () => undefined;

  get state(): AggregatorState {
    return this.lifecycle.state;
  }

  /** Connects, joins the group and starts folding and flushing. */
  start(): Promise<void> {
    this.lifecycle.transition('starting');
    this.starting = this.connectAndRun();
    return this.starting;
  }

  private starting: Promise<void> = Promise.resolve();

  private async connectAndRun(): Promise<void> {
    try {
      await Promise.all([this.producer.connect(), this.admin.connect(), this.consumer.connect()]);
      this.flush.resultPartitions = await ensureOutputTopics(this.admin, this.options.config, this.options.logger.child('topics'));
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.registry.assign(payload.memberAssignment as Assignment));
      this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) this.fail(new SluiceError('AGGREGATOR_CONSUMER_CRASHED', `consumer crashed: ${payload.error.message}`, { cause: payload.error }));
      });
      await this.consumer.subscribe({ topics: [...this.plans.keys()], fromBeginning: true });
      await this.consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
      // A stop that came during the start has taken over; it waits for this and drains.
      if (!this.lifecycle.is('starting')) return;
      this.startFlushing();
      this.lifecycle.transition('running');
    } catch (error) {
      this.fail(error as Error);
      throw error;
    }
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    // Backpressure: while the producer is behind, reading more only piles results up in memory.
    if (this.writer.pendingBytes > MAX_PENDING_BYTES) await this.writer.drained();
    if (!this.lifecycle.is('starting', 'running') || !isRunning() || isStale()) return;
    const state = await this.registry.partition(batch.topic, batch.partition);
    // Stopping may have begun while the partition was restored; a stopped worker folds nothing more.
    if (!state || !this.lifecycle.is('starting', 'running')) return;
    // An unreachable schema registry holds the batch here, unfolded, until it answers.
    const owned = () => this.lifecycle.is('starting', 'running') && isRunning() && !isStale();
    const prepared = await retryWithinBatch(() => this.folder.prepare(batch), {
      heartbeat,
      stillOwned: owned,
      logger: this.options.logger,
      batch,
    });
    if (!prepared || !owned()) return;
    this.folder.fold(batch, state);
    await heartbeat();
  }

  private startFlushing(): void {
    const { updateIntervalMs, commitIntervalMs } = this.options.config.aggregator;
    this.flushes = interval(updateIntervalMs)
      .pipe(
        // A flush still waiting for acknowledgements makes the next tick skip, never queue up.
        exhaustMap(() => {
          const commit = this.clock() - this.lastCommitAt >= commitIntervalMs;
          if (commit) this.lastCommitAt = this.clock();
          this.running = this.flush.run(commit);
          return from(this.running);
        }),
        catchError((error: unknown) => {
          this.fail(error as Error);
          return EMPTY;
        }),
      )
      .subscribe();
  }

  /** Drains: stops reading, emits what changed, commits after every send is acknowledged, disconnects. */
  async stop(): Promise<void> {
    if (this.lifecycle.is('stopped', 'failed', 'stopping')) return this.done;
    if (this.lifecycle.is('created')) {
      this.lifecycle.transition('stopped');
      this.resolveDone();
      return;
    }
    this.lifecycle.transition('stopping');
    try {
      await this.starting;
      this.flushes?.unsubscribe();
      await this.running;
      // Commit while the consumer still runs: kafkajs drops commits of a stopped consumer.
      await this.flush.run(true);
      await this.writer.drained();
      await this.disconnect();
      this.lifecycle.transition('stopped');
      this.resolveDone();
    } catch (error) {
      this.fail(error as Error);
      throw error;
    }
  }

  private fail(error: Error): void {
    if (this.lifecycle.is('failed', 'stopped')) return;
    this.options.logger.error('aggregator failed', { error });
    this.lifecycle.transition('failed');
    this.flushes?.unsubscribe();
    this.failure?.(error);
    void this.disconnect().catch((cause: unknown) => this.options.logger.warn('disconnect after failure failed', { error: cause as Error }));
  }

  private async disconnect(): Promise<void> {
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** For /readyz and /healthz. */
  details(): Record<string, unknown> {
    return { state: this.lifecycle.state, partitions: [...this.registry.all()].map((p) => `${p.topic}:${p.partition}`) };
  }
}
