import type { Admin, Kafka, Producer } from 'kafkajs';
import { generatedTableNames, pipelineTopicSpecs, topicSpecsFor, type BatchStore, type Logger, type MetricsRegistry, type PipelineConfig, type ProgressStore, type RawStore, type RetentionStore, type SchemaStore, type SourceDefinition, type StoreProbe, type TableUsageReader } from '@sluice/core';
import { createDeadLetterWriter, ensurePipelineTopics, readTopicUsage } from '@sluice/kafka';
import { createWorkerLifecycle, StallWatch, type Worker, type WorkerLifecycle, type WorkerOutcome, type WorkerState } from '@sluice/runtime';
import { BatchCycle } from './batch-cycle';
import { compactorMetrics, type CompactorMetrics } from './compactor-metrics';
import { ensureCompactorTables } from './compactor-tables';
import { markDirtyPeriods } from './dirty-periods';
import { RawLander } from './raw-lander';
import { StorageUsageGauges } from './storage-usage-gauges';
import type { RawRow } from './raw-record';

/** The storage ports the batch layer works through. */
export interface CompactorStorage {
  readonly schema: SchemaStore;
  readonly raw: RawStore;
  readonly progress: ProgressStore;
  readonly batch: BatchStore;
  readonly retention: RetentionStore;
  /** Readiness: the compactor is ready only while its store answers. */
  readonly probe: StoreProbe;
  /** Disk use of the generated tables, published with the topics' sizes after every cycle. */
  readonly usage: TableUsageReader;
}

export interface CompactorOptions {
  readonly config: PipelineConfig;
  readonly kafka: Kafka;
  /** Tables are named with config.clickhouse.database. */
  readonly storage: CompactorStorage;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly now?: () => number;
}

/**
 * The batch layer worker: lands the source topics in the raw tables and, every
 * cycleInterval, makes closed periods final and recomputes dirty ones.
 */
export class Compactor implements Worker {
  readonly name = 'compactor';
  private readonly lifecycle: WorkerLifecycle;
  private readonly metrics: CompactorMetrics;
  private readonly stalls: StallWatch;
  private readonly now: () => number;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private lander: RawLander | undefined;
  private cycle: BatchCycle | undefined;
  private usage: StorageUsageGauges | undefined;
  private cycleTimer: NodeJS.Timeout | undefined;
  private cycleRunning: Promise<void> = Promise.resolve();
  private starting: Promise<void> | undefined;

  constructor(private readonly options: CompactorOptions) {
    this.lifecycle = createWorkerLifecycle('compactor', (from, to) => options.logger.debug('compactor state', { from, to }));
    this.metrics = compactorMetrics(options.metrics);
    this.now = options.now ?? Date.now;
    this.stalls = new StallWatch(this.metrics, this.now);
  }

  get state(): WorkerState {
    return this.lifecycle.state;
  }

  /** Resolves once the compactor has stopped or failed (a landing it could not commit); never rejects. */
  get done(): Promise<WorkerOutcome> {
    return this.lifecycle.done;
  }

  /** Creates the tables and topics, starts landing, and schedules the first batch cycle. */
  start(): Promise<void> {
    this.lifecycle.transition('starting');
    this.starting = this.startOnce().catch((error: unknown) => {
      this.fail(error);
      throw error;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    const { config, kafka, storage, logger } = this.options;
    const startedAt = this.now();
    // The compactor applies the raw retention, the one setting with a deprecated alias.
    for (const warning of config.warnings) logger.warn(warning);
    await ensureCompactorTables(storage.schema, config.clickhouse.database, config);
    const admin = kafka.admin();
    this.admin = admin;
    await admin.connect();
    await ensurePipelineTopics(admin, topicSpecsFor(config, 'compactor'), logger);
    // Topics get their shape from core's topic specs only, never the broker's default through a metadata request.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.producer = producer;
    await producer.connect();
    const cycle = new BatchCycle({ config, stores: storage, admin, logger: logger.child('batch'), metrics: this.metrics, startedAt, now: this.now });
    this.cycle = cycle;
    this.usage = new StorageUsageGauges({
      tables: storage.usage,
      tableNames: generatedTableNames(
        config.views.map((view) => view.name),
        Object.keys(config.sources),
      ),
      topicUsage: (topic) => readTopicUsage(admin, topic),
      topicNames: pipelineTopicSpecs(config).map((spec) => spec.topic),
      metrics: this.metrics,
      logger: logger.child('usage'),
    });
    this.lander = new RawLander({
      config,
      kafka,
      stores: storage,
      deadLetters: createDeadLetterWriter(producer, config.kafka.topics.deadLetter),
      logger: logger.child('lander'),
      metrics: this.metrics,
      stalls: this.stalls,
      onLanded: (source, rows) => this.markDirty(source, rows),
      onFatal: (error) => this.fail(error),
      now: this.now,
    });
    await this.lander.start();
    // A stop that came during the start has taken over (or landing failed); it waits for this and stops the lander.
    if (!this.lifecycle.is('starting')) return;
    this.lifecycle.transition('running');
    this.scheduleCycle(0);
    logger.info('compactor running', { sources: Object.keys(config.sources), views: config.views.map((view) => view.name) });
  }

  /** Runs one batch cycle now (after any running one); tests and `recompute` use it. */
  runCycle(): Promise<void> {
    const cycle = this.cycle;
    if (!cycle) return Promise.resolve();
    // Runs after the previous cycle whether that one succeeded or failed (its error was reported where it ran).
    const run = () => cycle.run();
    this.cycleRunning = this.cycleRunning.then(run, run);
    return this.cycleRunning;
  }

  /**
   * Lands and commits what is buffered, finishes the running cycle, and
   * disconnects. During a start it waits for the start first; after a failure
   * it releases the same way and the state stays failed.
   */
  stop(): Promise<void> {
    return this.lifecycle.stopWith(() => this.drain());
  }

  private async drain(): Promise<void> {
    if (this.lifecycle.can('stopping')) this.lifecycle.transition('stopping');
    await this.starting?.catch(() => undefined);
    try {
      if (this.cycleTimer) clearTimeout(this.cycleTimer);
      await this.cycleRunning.catch((error: unknown) => this.options.logger.warn('last batch cycle failed', { error }));
      await this.usage?.idle();
      await this.lander?.stop();
      await this.producer?.disconnect();
      await this.admin?.disconnect();
    } catch (error) {
      this.fail(error);
      throw error;
    }
    if (this.lifecycle.is('stopping')) this.lifecycle.transition('stopped');
    this.options.logger.info('compactor stopped');
  }

  /** Alive while starting or running; a failed or stopped compactor needs a restart. */
  healthy(): boolean {
    return this.lifecycle.is('created', 'starting', 'running');
  }

  /** Ready once it runs and ClickHouse answers. */
  async ready(): Promise<boolean> {
    return this.lifecycle.is('running') && (await this.options.storage.probe.ping()).reachable;
  }

  /** For /healthz and /readyz: the state, and whether (and why) landing or the cycle is stalled. */
  details(): Record<string, unknown> {
    return { state: this.lifecycle.state, ...this.stalls.details() };
  }

  private scheduleCycle(delayMs: number): void {
    this.cycleTimer = setTimeout(() => {
      this.runCycle().then(
        () => {
          this.stalls.progressed('cycle');
          this.afterCycle();
        },
        (error: unknown) => {
          // A failed cycle changes nothing that is served (the switch is the last write); the next one retries.
          this.stalls.failed('cycle', error);
          this.options.logger.warn('batch cycle failed; retrying next cycle', { error });
          this.afterCycle();
        },
      );
    }, delayMs);
  }

  private afterCycle(): void {
    // Sizes change with what a cycle writes and drops; reading them on the cycle's schedule keeps /metrics scrapes cheap.
    void this.usage?.refresh();
    if (this.state === 'running') this.scheduleCycle(this.options.config.compactor.cycleIntervalMs);
  }

  private async markDirty(source: SourceDefinition, rows: readonly RawRow[]): Promise<void> {
    const cycle = this.cycle;
    if (!cycle) return;
    for (const view of this.options.config.views.filter((candidate) => candidate.source === source.name)) {
      const dirty = await markDirtyPeriods(this.options.storage, source, view, rows, cycle.closingWatermark(source.name), this.now());
      if (dirty.length > 0) this.options.logger.info('late events reopen final periods', { view: view.name, periods: dirty.map((p) => new Date(p).toISOString()) });
    }
  }

  private fail(error: unknown): void {
    this.lifecycle.fail(error);
  }
}
