import type { Kafka, Producer } from 'kafkajs';
import { consumerGroupId, topicSpecsFor, type Logger, type MetricsRegistry, type PipelineConfig, type SchemaStore, type SpeedTableWriter, type StoreProbe } from '@sluice/core';
import { createDeadLetterWriter, ensurePipelineTopics } from '@sluice/kafka';
import { createWorkerLifecycle, StallWatch, type Worker, type WorkerLifecycle, type WorkerOutcome, type WorkerState } from '@sluice/runtime';
import { ensureServingSchema } from './ensure-serving-schema';
import type { RejectedRecord } from './pending-batch';
import { resultRowValue } from './result-row-value';
import { createSinkMetrics } from './sink-metrics';
import { SinkWorker, INSERT_RETRY, type DeadLetters } from './sink-worker';
import { SpeedWriter } from './speed-writer';

/** The storage ports the sink writes through. */
export interface SinkStorage {
  readonly schema: SchemaStore;
  readonly speedTables: SpeedTableWriter;
  /** Answers readiness: the sink is ready only while its store does. */
  readonly probe: StoreProbe;
}

export interface ServingSinkOptions {
  readonly config: PipelineConfig;
  readonly kafka: Kafka;
  /** Where the schema and the speed rows go; tables are named with config.clickhouse.database. */
  readonly storage: SinkStorage;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
}

/**
 * The serving sink: prepares the ClickHouse schema for every view, then
 * runs the worker that moves window results from the results topic into
 * the speed tables, in consumer group `<name>-sink`.
 */
export class ServingSink implements Worker {
  readonly name = 'sink';
  private readonly lifecycle: WorkerLifecycle;
  private worker: SinkWorker | undefined;
  private producer: Producer | undefined;
  private starting: Promise<void> | undefined;
  private stalls: StallWatch | undefined;

  constructor(private readonly options: ServingSinkOptions) {
    this.lifecycle = createWorkerLifecycle('sink', (from, to) => options.logger.debug('sink state', { from, to }));
  }

  get state(): WorkerState {
    return this.lifecycle.state;
  }

  /** Resolves once the sink has stopped, or failed on a batch it could not write; never rejects. */
  get done(): Promise<WorkerOutcome> {
    return this.lifecycle.done;
  }

  /** Creates or migrates the schema, ensures the results and dead-letter topics, joins the group. */
  start(): Promise<void> {
    this.lifecycle.transition('starting');
    this.starting = this.startOnce().catch((error: unknown) => {
      this.lifecycle.fail(error);
      throw error;
    });
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    const { config, kafka, storage, logger, metrics } = this.options;
    const database = config.clickhouse.database;
    await ensureServingSchema(storage.schema, database, config.views, logger.child('schema'));
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensurePipelineTopics(admin, topicSpecsFor(config, 'sink'), logger);
    } finally {
      await admin.disconnect();
    }
    // Topics get their shape from core's topic specs only, never the broker's default through a metadata request.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    this.producer = producer;
    const sinkMetrics = createSinkMetrics(metrics);
    const stalls = new StallWatch({ stalled: sinkMetrics.stalled });
    this.stalls = stalls;
    const deadLetterWriter = createDeadLetterWriter(producer, config.kafka.topics.deadLetter);
    const deadLetters: DeadLetters = {
      send: async (records: readonly RejectedRecord[]) => {
        for (const { origin, row, reason } of records) {
          await deadLetterWriter.send(row === undefined ? origin : { ...origin, value: resultRowValue(origin.value, row) }, reason);
        }
      },
    };
    const writer = new SpeedWriter({
      tables: storage.speedTables,
      views: config.views,
      retry: INSERT_RETRY,
      metrics: sinkMetrics,
      logger,
      onBackpressure: (waiting) => this.worker?.setBackpressure(waiting),
      stalls,
    });
    const worker = new SinkWorker({
      consumer: kafka.consumer({ groupId: consumerGroupId(config, 'sink'), allowAutoTopicCreation: false }),
      topic: config.kafka.topics.results,
      views: config.views,
      writer,
      deadLetters,
      batchRows: config.sink.batchRows,
      flushIntervalMs: config.sink.flushIntervalMs,
      metrics: sinkMetrics,
      logger,
    });
    this.worker = worker;
    await worker.start();
    // A batch the worker could not write fails the sink; whoever runs it then stops it to leave the group.
    void worker.done.then((outcome) => {
      if (outcome.state === 'failed') this.lifecycle.fail(outcome.error);
    });
    // A stop that came during the start has taken over; it waits for this and drains.
    if (!this.lifecycle.is('starting')) return;
    this.lifecycle.transition('running');
    logger.info('sink running', { group: consumerGroupId(config, 'sink'), topic: config.kafka.topics.results, views: config.views.length });
  }

  /**
   * Writes and commits what was read, then disconnects. A stop requested
   * while starting (a SIGTERM during the group join) waits for the start.
   * After a failure it only leaves the group and disconnects.
   */
  stop(): Promise<void> {
    return this.lifecycle.stopWith(() => this.drain());
  }

  private async drain(): Promise<void> {
    if (this.lifecycle.can('stopping')) this.lifecycle.transition('stopping');
    await this.starting?.catch(() => undefined);
    try {
      await this.worker?.stop();
    } catch (error) {
      this.lifecycle.fail(error);
      throw error;
    } finally {
      await this.producer?.disconnect();
      this.producer = undefined;
    }
    if (this.lifecycle.is('stopping')) this.lifecycle.transition('stopped');
  }

  /** Alive unless it failed; a failed sink needs a restart to re-read what it did not commit. */
  healthy(): boolean {
    return !this.lifecycle.is('failed');
  }

  /** Ready while it runs and ClickHouse answers. */
  async ready(): Promise<boolean> {
    return this.lifecycle.is('running') && (await this.options.storage.probe.ping()).reachable;
  }

  /** State for /healthz and /readyz, and whether (and why) inserts are stalled. */
  details(): Record<string, unknown> {
    return { state: this.state, ...(this.stalls?.details() ?? { progress: 'ok' }) };
  }
}
