import { VirtualTimeScheduler, type Subscription } from 'rxjs';
import { MetricsRegistry, silentLogger, type PipelineConfig } from '@sluice/core';
import { StallWatch } from '@sluice/runtime';
import { aggregatorMetrics } from '../../aggregator-metrics';
import { planSources } from '../../engine/view-plan';
import { BatchFolder } from '../batch-folder';
import { BatchHandler } from '../batch-handler';
import { FlushCycle } from '../flush-cycle';
import { scheduleFlushes } from '../flush-schedule';
import { PartitionRegistry } from '../partition-registry';
import { FakeAdmin, FakeCluster, FakeConsumer, FakeResultWriter, FakeStateTopicReader, type FakeBatchPayload } from './fake-cluster';

/**
 * The speed layer's replay and commit protocol on a fake cluster and virtual
 * time: instances of the aggregator's own registry, folder and flush cycle,
 * flushed by its own schedule, and fed the way its eachBatch handler is fed.
 */
export class SpeedLayerTestbed {
  readonly scheduler = new VirtualTimeScheduler();
  readonly cluster = new FakeCluster(() => this.scheduler.now());
  readonly topic: string;
  private readonly instances: SpeedLayerInstance[] = [];

  constructor(
    readonly config: PipelineConfig,
    startMs: number,
  ) {
    this.scheduler.frame = startMs;
    const source = Object.values(config.sources)[0];
    if (!source) throw new Error('the testbed needs one source');
    this.topic = source.topic;
    this.cluster.createTopic(source.topic, source.partitions);
    const { results, late, deadLetter, state } = config.kafka.topics;
    for (const topic of [results, late, deadLetter, state]) this.cluster.createTopic(topic, 1);
  }

  /** A new aggregator instance in the group, its flushes started; `config` if another than the testbed's (same topics). */
  instance(memberId: string, config = this.config): SpeedLayerInstance {
    const instance = new SpeedLayerInstance(this, memberId, config);
    this.instances.push(instance);
    return instance;
  }

  /** Appends source records (objects as JSON, strings as they are) to a partition. */
  produce(partition: number, records: readonly (object | string)[]): void {
    for (const record of records) this.cluster.append(this.topic, partition, typeof record === 'string' ? record : JSON.stringify(record));
  }

  /**
   * Moves virtual time on by `ms`, one update interval at a time, and lets
   * every flush that started finish, unless its instance holds acknowledgements.
   */
  async advance(ms: number): Promise<void> {
    const until = this.scheduler.now() + ms;
    const step = this.config.aggregator.updateIntervalMs;
    while (this.scheduler.now() < until) {
      const target = Math.min(until, this.scheduler.now() + step);
      this.scheduler.maxFrames = target;
      this.scheduler.flush();
      this.scheduler.frame = target;
      await Promise.all(this.instances.map((instance) => instance.settled()));
    }
  }

  /** The consumer group of every instance. */
  readonly groupId = 'testbed-aggregator';
}

/** One aggregator instance: its consumer, writer, partition states and flushes. */
export class SpeedLayerInstance {
  readonly consumer: FakeConsumer;
  readonly writer: FakeResultWriter;
  /** This instance's metrics, as its /metrics would render them. */
  readonly metrics = new MetricsRegistry();
  /** What its /healthz says about progress. */
  readonly stalls: StallWatch;
  /** Its reader of the state topic. */
  readonly stateReader: FakeStateTopicReader;
  private readonly registry: PartitionRegistry;
  private readonly batches: BatchHandler;
  private readonly flush: FlushCycle;
  private readonly flushes: Subscription;
  private running: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly testbed: SpeedLayerTestbed,
    readonly memberId: string,
    config: PipelineConfig,
  ) {
    const { cluster, scheduler } = testbed;
    const clock = () => scheduler.now();
    const plans = planSources(config);
    const metrics = aggregatorMetrics(this.metrics);
    this.consumer = new FakeConsumer(cluster, testbed.groupId, testbed.topic, memberId);
    this.stalls = new StallWatch({ stalled: metrics.stalled }, clock);
    this.writer = new FakeResultWriter(cluster, (error) => (this.failure = error), { stalls: this.stalls, scheduler, logger: silentLogger });
    this.stateReader = new FakeStateTopicReader(cluster, config.kafka.topics.state);
    const checkpoints = { enabled: config.aggregator.checkpoints, reader: this.stateReader, restoredStates: metrics.restoredStates };
    this.registry = new PartitionRegistry(plans, new FakeAdmin(cluster), testbed.groupId, config.aggregator.maxOutOfOrdernessMs, clock, silentLogger, checkpoints);
    const folder = new BatchFolder(config, plans, this.writer, metrics, clock);
    this.batches = new BatchHandler({ registry: this.registry, folder, writer: this.writer, logger: silentLogger, live: () => true });
    this.flush = new FlushCycle(config, this.registry, this.consumer, this.writer, metrics, clock, silentLogger);
    this.flushes = scheduleFlushes(this.flush, config.aggregator, scheduler, {
      started: (flush) => {
        this.running = flush;
      },
      failed: (error) => (this.failure = error),
    });
  }

  /** The group's assignment for this member after a rebalance (GROUP_JOIN). */
  assign(partitions: readonly number[]): void {
    this.registry.assign({ [this.testbed.topic]: partitions });
    this.consumer.assign(partitions);
  }

  /** Fetches and handles one batch of at most `maxRecords`; returns how many records it had. */
  async poll(partition: number, maxRecords = Infinity): Promise<number> {
    const payload = this.consumer.fetch(partition, maxRecords);
    if (payload === undefined) return 0;
    await this.handle(payload);
    return payload.batch.messages.length;
  }

  /** Polls a partition until its fetch position is at the end of its log. */
  async pollAll(partition: number, batchSize = Infinity): Promise<void> {
    while ((await this.poll(partition, batchSize)) > 0);
  }

  /** Hands one batch to the aggregator's own eachBatch handler. */
  handle(payload: FakeBatchPayload): Promise<void> {
    return this.batches.handle(payload);
  }

  /** Settles with the flush in progress, at once while acknowledgements are held or sends fail (the flush stays pending). */
  async settled(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.writer.holding) await this.running;
  }

  /** The flush in progress, whatever it waits for. */
  inFlight(): Promise<void> {
    return this.running;
  }

  /** A drain as the aggregator's stop does it: no more ticks, the last flush, a final commit. */
  async stop(): Promise<void> {
    this.flushes.unsubscribe();
    await this.running;
    await this.flush.run(true);
    this.consumer.stop();
  }

  /** kill -9: nothing more runs, nothing more is committed. */
  kill(): void {
    this.flushes.unsubscribe();
    this.consumer.stop();
  }
}
