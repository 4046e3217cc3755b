import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { asyncScheduler, type Subscription } from 'rxjs';
import { SluiceError, consumerGroupId, type Logger, type MetricsRegistry, type PipelineConfig, type Scheduler } from '@sluice/core';
import { subscribeOnceSettled } from '@sluice/kafka';
import { createWorkerLifecycle, StallWatch, type Worker, type WorkerLifecycle, type WorkerOutcome, type WorkerState } from '@sluice/runtime';
import { aggregatorMetrics, type AggregatorMetrics } from './aggregator-metrics';
import { planSources, type SourcePlan } from './engine/view-plan';
import { BatchFolder } from './kafka/batch-folder';
import { BatchHandler } from './kafka/batch-handler';
import { FlushCycle } from './kafka/flush-cycle';
import { scheduleFlushes } from './kafka/flush-schedule';
import { OutputWriter } from './kafka/output-writer';
import { PartitionRegistry, type Assignment } from './kafka/partition-registry';
import { ensureOutputTopics } from './kafka/output-topics';
import { readRecordSizeLimit } from './kafka/record-size-limit';
import { RestorePointGuard } from './restore/restore-point-guard';
import { KafkaStateTopicReader } from './kafka/state-topic-reader';

export interface AggregatorOptions {
  readonly config: PipelineConfig;
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  /** Wall clock and timer: idle handling, commit timing and the flush interval run on it. Default: rxjs's asyncScheduler (real time). */
  readonly scheduler?: Scheduler;
}


/** Partitions a topic has; results and states go to the partitions that exist. */
async function topicPartitionCount(admin: Admin, topic: string): Promise<number> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  return Math.max(1, metadata.topics[0]?.partitions.length ?? 1);
}

/**
 * The speed layer: consumes every source topic in one consumer group, keeps
 * per-partition window state, emits updates, finals and retractions to the
 * results topic, and commits replay points (or, with checkpoints, writes open
 * windows to the state topic and commits the read position) so that a restart
 * rebuilds open windows exactly. See the package README for why this is exactly-once in effect.
 */
export class Aggregator implements Worker {
  readonly name = 'aggregator';
  private readonly lifecycle: WorkerLifecycle;
  private readonly plans: Map<string, SourcePlan>;
  private readonly metricSet: AggregatorMetrics;
  private readonly scheduler: Scheduler;
  private readonly clock: () => number;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly writer: OutputWriter;
  private readonly stalls: StallWatch;
  private readonly registry: PartitionRegistry;
  private readonly restorePoints: RestorePointGuard;
  private readonly batches: BatchHandler;
  private readonly flush: FlushCycle;
  private readonly stateReader: KafkaStateTopicReader;
  private flushes: Subscription | undefined;
  private running: Promise<void> = Promise.resolve();
  private starting: Promise<void> = Promise.resolve();
  private released: Promise<void> = Promise.resolve();

  constructor(private readonly options: AggregatorOptions) {
    const { config, kafka, logger } = options;
    this.lifecycle = createWorkerLifecycle('aggregator', (from, to) => logger.info('aggregator state', { from, to }));
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.clock = () => this.scheduler.now();
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
      // With every partition paused (the restore-point guard holds a new assignment until it is checked)
      // kafkajs sleeps this long before it looks again; its 5 s default delayed every restart by 5 s.
      // It is also the longest a fetch waits for data, so an idle consumer asks twice a second.
      maxWaitTimeInMs: 500,
    });
    // Topics get their shape from core's topic specs only, never the broker's default through a metadata request.
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.admin = kafka.admin();
    this.stalls = new StallWatch({ stalled: this.metricSet.stalled }, this.clock);
    this.writer = new OutputWriter(this.producer, (error) => this.fail(error), { stalls: this.stalls, scheduler: this.scheduler, logger: logger.child('output') });
    this.restorePoints = new RestorePointGuard(this.admin, this.consumer, this.metricSet.restorePointsLost, this.clock, logger.child('restore'));
    // Groups of its own, never committing, so every instance reads any state partition it needs.
    this.stateReader = new KafkaStateTopicReader(kafka, this.admin, config.kafka.topics.state, `${groupId}-restore-${randomUUID()}`, logger.child('state'));
    const checkpoints = { enabled: config.aggregator.checkpoints, reader: this.stateReader, restoredStates: this.metricSet.restoredStates };
    this.registry = new PartitionRegistry(this.plans, this.admin, groupId, config.aggregator.maxOutOfOrdernessMs, this.clock, logger.child('partitions'), checkpoints, this.restorePoints);
    const folder = new BatchFolder(config, this.plans, this.writer, this.metricSet, this.clock);
    const live = () => this.lifecycle.is('starting', 'running');
    this.batches = new BatchHandler({ registry: this.registry, folder, writer: this.writer, logger, live });
    this.flush = new FlushCycle(config, this.registry, this.consumer, this.writer, this.metricSet, this.clock, logger.child('flush'));
  }

  get state(): WorkerState {
    return this.lifecycle.state;
  }

  /** Resolves once the worker has stopped or failed; never rejects. */
  get done(): Promise<WorkerOutcome> {
    return this.lifecycle.done;
  }

  /** Connects, joins the group and starts folding and flushing. */
  start(): Promise<void> {
    this.lifecycle.transition('starting');
    this.starting = this.connectAndRun();
    return this.starting;
  }

  private async connectAndRun(): Promise<void> {
    try {
      await Promise.all([this.producer.connect(), this.admin.connect(), this.consumer.connect()]);
      this.flush.resultPartitions = await ensureOutputTopics(this.admin, this.options.config, this.options.logger.child('topics'));
      const recordLimit = await readRecordSizeLimit(this.admin, this.options.config.kafka.topics.results, this.options.logger.child('topics'));
      this.flush.recordLimitBytes = recordLimit;
      if (this.options.config.aggregator.checkpoints) this.flush.statePartitions = await topicPartitionCount(this.admin, this.options.config.kafka.topics.state);
      this.writer.limitRecordBatchesTo(recordLimit);
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
        const assignment = payload.memberAssignment as Assignment;
        this.registry.assign(assignment);
        // Before the first fetch: kafkajs would reset a lost restore point silently (see RestorePointGuard).
        // admit never rejects: it retries while the check fails and gives up only for a newer assignment or a stop.
        void this.restorePoints.admit(assignment, () => this.registry.prepareAssigned(assignment));
      });
      this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) this.fail(new SluiceError('AGGREGATOR_CONSUMER_CRASHED', `consumer crashed: ${payload.error.message}`, { cause: payload.error }));
      });
      await subscribeOnceSettled(this.consumer, { topics: [...this.plans.keys()], fromBeginning: true });
      await this.consumer.run({ autoCommit: false, eachBatch: (payload) => this.batches.handle(payload) });
      // A stop that came during the start has taken over; it waits for this and drains.
      if (!this.lifecycle.is('starting')) return;
      this.startFlushing();
      this.lifecycle.transition('running');
    } catch (error) {
      this.fail(error as Error);
      throw error;
    }
  }

  private startFlushing(): void {
    this.flushes = scheduleFlushes(this.flush, this.options.config.aggregator, this.scheduler, {
      started: (flush) => {
        this.running = flush;
      },
      failed: (error) => this.fail(error),
    });
  }

  /**
   * Drains: stops reading, emits what changed, commits after every send is
   * acknowledged, disconnects. During a start it waits for the start first;
   * after a failure it waits for the disconnect the failure began. Sends
   * failing from then on are not retried: a stop during an outage ends as a
   * failure, with what was not sent left uncommitted for the next reader.
   */
  stop(): Promise<void> {
    this.writer.giveUpRetrying();
    return this.lifecycle.stopWith(() => (this.lifecycle.is('failed', 'stopped') ? this.released : this.drain()));
  }

  private async drain(): Promise<void> {
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
    } catch (error) {
      this.fail(error as Error);
      throw error;
    }
  }

  private fail(error: Error): void {
    if (!this.lifecycle.fail(error)) return;
    this.options.logger.error('aggregator failed', { error });
    this.flushes?.unsubscribe();
    this.released = this.disconnect().catch((cause: unknown) => this.options.logger.warn('disconnect after failure failed', { error: cause as Error }));
  }

  private async disconnect(): Promise<void> {
    this.restorePoints.close();
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** Alive unless it failed; a restart is what a failed aggregator needs. */
  healthy(): boolean {
    return !this.lifecycle.is('failed');
  }

  /** Ready once it has joined the group and flushes. */
  ready(): Promise<boolean> {
    return Promise.resolve(this.lifecycle.is('running'));
  }

  /**
   * For /readyz and /healthz: the state, the partitions, whether (and why) sends to Kafka are stalled,
   * and every restore point found lost. A lost one does not stall progress (reading goes on from the
   * earliest offset), so `progress` keeps meaning only whether sends get through.
   */
  details(): Record<string, unknown> {
    return { state: this.lifecycle.state, partitions: [...this.registry.all()].map((p) => `${p.topic}:${p.partition}`), ...this.stalls.details(), ...this.restorePoints.details() };
  }
}
