import type { ClickHouseClient } from '@clickhouse/client';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { topicSpecsFor, type Logger, type MetricsRegistry, type PipelineConfig, type SourceDefinition } from '@sluice/core';
import { createDeadLetterWriter, ensurePipelineTopics } from '@sluice/kafka';
import { startOpsServer, type OpsServer } from '@sluice/runtime';
import { BatchCycle } from './batch-cycle';
import { compactorMetrics, type CompactorMetrics } from './compactor-metrics';
import { ensureCompactorTables } from './compactor-tables';
import { markDirtyPeriods } from './dirty-periods';
import { CompactorLifecycle, type CompactorState } from './lifecycle';
import { RawLander } from './raw-lander';
import type { RawRow } from './raw-record';

export interface CompactorOptions {
  readonly config: PipelineConfig;
  readonly kafka: Kafka;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  /** Serve /healthz, /readyz and /metrics on this port (0 picks one); absent serves none. */
  readonly opsPort?: number;
  readonly now?: () => number;
}

/**
 * The batch layer worker: lands the source topics in the raw tables and, every
 * cycleInterval, makes closed periods final and recomputes dirty ones.
 */
export class Compactor {
  private readonly lifecycle = new CompactorLifecycle();
  private readonly metrics: CompactorMetrics;
  private readonly now: () => number;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private lander: RawLander | undefined;
  private cycle: BatchCycle | undefined;
  private ops: OpsServer | undefined;
  private cycleTimer: NodeJS.Timeout | undefined;
  private cycleRunning: Promise<void> = Promise.resolve();
  private failure: unknown;
  private resolveFailed: ((error: unknown) => void) | undefined;
  /** Settles with the error when the compactor fails on its own (the caller stops it and exits non-zero). */
  readonly failed: Promise<unknown>;

  constructor(private readonly options: CompactorOptions) {
    this.metrics = compactorMetrics(options.metrics);
    this.now = options.now ?? Date.now;
    this.failed = new Promise((resolve) => {
      this.resolveFailed = resolve;
    });
  }

  get state(): CompactorState {
    return this.lifecycle.state;
  }

  /** The port of the ops endpoints, once started with opsPort. */
  get opsPort(): number | undefined {
    return this.ops?.port;
  }

  async start(): Promise<void> {
    const { config, kafka, clickhouse, logger } = this.options;
    this.lifecycle.to('starting');
    const startedAt = this.now();
    await ensureCompactorTables(clickhouse, config.clickhouse.database, config);
    const admin = kafka.admin();
    this.admin = admin;
    await admin.connect();
    await ensurePipelineTopics(admin, topicSpecsFor(config, 'compactor'), logger);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.producer = producer;
    await producer.connect();
    const cycle = new BatchCycle({ config, client: clickhouse, admin, logger: logger.child('batch'), metrics: this.metrics, startedAt, now: this.now });
    this.cycle = cycle;
    this.lander = new RawLander({
      config,
      kafka,
      client: clickhouse,
      deadLetters: createDeadLetterWriter(producer, config.kafka.topics.deadLetter),
      logger: logger.child('lander'),
      metrics: this.metrics,
      onLanded: (source, rows) => this.markDirty(source, rows),
      onFatal: (error) => this.fail(error),
      now: this.now,
    });
    await this.lander.start();
    if (this.options.opsPort !== undefined) {
      this.ops = await startOpsServer({
        port: this.options.opsPort,
        metrics: this.options.metrics,
        probe: {
          healthy: () => this.failure === undefined && (this.state === 'running' || this.state === 'starting'),
          ready: async () => this.state === 'running' && (await clickhouse.ping()).success,
          details: () => ({ state: this.state }),
        },
      });
    }
    this.lifecycle.to('running');
    this.scheduleCycle(0);
    logger.info('compactor running', { sources: Object.keys(config.sources), views: config.views.map((view) => view.name), opsPort: this.ops?.port });
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

  /** Lands and commits what is buffered, finishes the running cycle, and disconnects. */
  async stop(): Promise<void> {
    if (!this.lifecycle.tryTo('stopping')) return;
    if (this.cycleTimer) clearTimeout(this.cycleTimer);
    await this.cycleRunning.catch((error: unknown) => this.options.logger.warn('last batch cycle failed', { error }));
    await this.lander?.stop();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    await this.ops?.close();
    this.lifecycle.to(this.failure === undefined ? 'stopped' : 'failed');
    this.options.logger.info('compactor stopped');
  }

  private scheduleCycle(delayMs: number): void {
    this.cycleTimer = setTimeout(() => {
      this.runCycle().then(
        () => this.afterCycle(),
        (error: unknown) => {
          // A failed cycle changes nothing that is served (the switch is the last write); the next one retries.
          this.options.logger.warn('batch cycle failed; retrying next cycle', { error });
          this.afterCycle();
        },
      );
    }, delayMs);
  }

  private afterCycle(): void {
    if (this.state === 'running') this.scheduleCycle(this.options.config.compactor.cycleIntervalMs);
  }

  private async markDirty(source: SourceDefinition, rows: readonly RawRow[]): Promise<void> {
    const cycle = this.cycle;
    if (!cycle) return;
    for (const view of this.options.config.views.filter((candidate) => candidate.source === source.name)) {
      const dirty = await markDirtyPeriods(this.options.clickhouse, this.options.config.clickhouse.database, source, view, rows, cycle.closingWatermark(source.name), this.now());
      if (dirty.length > 0) this.options.logger.info('late events reopen final periods', { view: view.name, periods: dirty.map((p) => new Date(p).toISOString()) });
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.lifecycle.tryTo('failed');
    this.resolveFailed?.(error);
  }
}
