import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka, Producer } from 'kafkajs';
import { consumerGroupId, speedTableColumns, topicSpecsFor, type Logger, type MetricsRegistry, type PipelineConfig } from '@sluice/core';
import { createDeadLetterWriter, ensurePipelineTopics } from '@sluice/kafka';
import { ensureServingSchema } from './ensure-serving-schema';
import type { RejectedRecord } from './pending-batch';
import { createSinkMetrics } from './sink-metrics';
import { SinkWorker, INSERT_RETRY, type DeadLetters } from './sink-worker';
import type { SinkState } from './sink-lifecycle';
import { SpeedWriter } from './speed-writer';

export interface ServingSinkOptions {
  readonly config: PipelineConfig;
  readonly kafka: Kafka;
  /** A client bound to any database; tables are always named with config.clickhouse.database. */
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
}

/**
 * The serving sink: prepares the ClickHouse schema for every view, then
 * runs the worker that moves window results from the results topic into
 * the speed tables, in consumer group `<name>-sink`.
 */
export class ServingSink {
  private worker: SinkWorker | undefined;
  private producer: Producer | undefined;
  private starting: Promise<void> | undefined;
  private settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** Resolves when the sink has stopped; rejects when it failed while running. */
  readonly done: Promise<void>;

  constructor(private readonly options: ServingSinkOptions) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // A caller that only awaits stop() must not see an unhandled rejection.
    this.done.catch(() => undefined);
  }

  get state(): SinkState {
    return this.worker?.state ?? 'created';
  }

  /** Creates or migrates the schema, ensures the results and dead-letter topics, joins the group. */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    const { config, kafka, clickhouse, logger, metrics } = this.options;
    const database = config.clickhouse.database;
    await ensureServingSchema(clickhouse, database, config.views, logger.child('schema'));
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensurePipelineTopics(admin, topicSpecsFor(config, 'sink'), logger);
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    this.producer = producer;
    const sinkMetrics = createSinkMetrics(metrics);
    const deadLetterWriter = createDeadLetterWriter(producer, config.kafka.topics.deadLetter);
    const deadLetters: DeadLetters = {
      send: async (records: readonly RejectedRecord[]) => {
        for (const record of records) await deadLetterWriter.send(record.origin, record.reason);
      },
    };
    const writer = new SpeedWriter({
      client: clickhouse,
      database,
      columns: new Map(config.views.map((view) => [view.name, speedTableColumns(view).map((column) => column.name)])),
      retry: INSERT_RETRY,
      metrics: sinkMetrics,
      logger,
      onBackpressure: (waiting) => this.worker?.setBackpressure(waiting),
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
    worker.onFailure((error) => {
      this.stop().then(
        () => this.settle?.reject(error),
        () => this.settle?.reject(error),
      );
    });
    this.worker = worker;
    await worker.start();
    logger.info('sink running', { group: consumerGroupId(config, 'sink'), topic: config.kafka.topics.results, views: config.views.length });
  }

  /**
   * Writes and commits what was read, then disconnects. A stop requested
   * while starting (a SIGTERM during the group join) waits for the start.
   */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    try {
      await this.worker?.stop();
      // After a failure, done rejects with the cause (see onFailure) instead of resolving.
      if (this.worker?.error === undefined) this.settle?.resolve();
    } finally {
      await this.producer?.disconnect();
      this.producer = undefined;
    }
  }

  /** State and counters for /healthz and /readyz. */
  details(): Record<string, unknown> {
    return { state: this.state };
  }
}
