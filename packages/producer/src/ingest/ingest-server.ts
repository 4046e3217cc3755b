import { MetricsRegistry, silentLogger, type Logger, type PipelineConfig, type SourceDefinition } from '@sluice/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { AddressInfo } from 'node:net';
import { acceptBatch } from './accept-batch';
import { encoderFor, type EventEncoder } from './event-encoder';
import { InFlightBudget } from './in-flight-budget';
import { IngestError } from './ingest-error';
import { ingestMetrics, type IngestMetrics } from './ingest-metrics';
import { ingestKafkaClient } from './kafka-client';
import { KafkaDelivery } from './kafka-delivery';
import { readBody } from './read-body';
import { watchReachability } from './reachability-watch';

export interface IngestOptions {
  readonly logger?: Logger;
  readonly metrics?: MetricsRegistry;
  /** Overrides `ingest.host` / `ingest.port` (0 picks a free port). */
  readonly host?: string;
  readonly port?: number;
  /** A kafkajs client to use instead of one built from `config.kafka`. */
  readonly kafka?: Kafka;
}

/** A running ingest service. */
export interface IngestService {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, delivers what was accepted, disconnects. */
  stop(): Promise<void>;
}

/** How often an idle service checks that Kafka still answers. */
const REACHABILITY_INTERVAL_MS = 2_000;

/** Seconds a client should wait after a 503, by cause. */
const RETRY_AFTER_SECONDS = { overloaded: 1, kafka_unavailable: 2, shutting_down: 5 } as const;

/**
 * Starts the HTTP ingest service: `POST /v1/events[/:source]` with one JSON
 * event, an array or NDJSON (optionally gzip), answered 202 only after Kafka
 * acknowledged every accepted event; plus `/healthz`, `/readyz`, `/metrics`.
 */
export async function startIngest(config: PipelineConfig, options: IngestOptions = {}): Promise<IngestService> {
  const logger = (options.logger ?? silentLogger).child('ingest');
  const registry = options.metrics ?? new MetricsRegistry();
  const metrics = ingestMetrics(registry);
  const encoders = new Map<string, EventEncoder>();
  for (const source of Object.values(config.sources)) encoders.set(source.name, await encoderFor(source, config.schemaRegistry));

  const kafka = options.kafka ?? ingestKafkaClient(config.kafka, logger.child('kafka'));
  const delivery = new KafkaDelivery(kafka, {
    lingerMs: config.ingest.lingerMs,
    compression: config.ingest.compression,
    logger,
    produceSeconds: metrics.produceSeconds,
  });
  await delivery.start();
  const watch = watchReachability(kafka, { intervalMs: REACHABILITY_INTERVAL_MS, logger, onUnreachable: (error) => delivery.markUnreachable(error) });
  const budget = new InFlightBudget(config.ingest.maxInFlightEvents);
  let stopping = false;

  const app = Fastify({ bodyLimit: config.ingest.maxBodyBytes, keepAliveTimeout: 65_000, return503OnClosing: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) => sendError(reply, toIngestError(error, config.ingest.maxBodyBytes), metrics, logger, request));
  // While stopping, every answer closes its connection, so keep-alive sockets do not hold the shutdown open.
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) void reply.header('connection', 'close');
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url}; POST events to /v1/events` });
  });

  const ingest = async (request: FastifyRequest<{ Params: { source?: string } }>, reply: FastifyReply) => {
    if (stopping) throw new IngestError('shutting_down', 'the ingest service is shutting down; retry on another instance or later');
    const source = resolveSource(config, request.params.source);
    if (!delivery.ready) throw new IngestError('kafka_unavailable', 'Kafka is unreachable; nothing was accepted, retry later');
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const items = await readBody(raw, request.headers['content-type'], request.headers['content-encoding'], config.ingest.maxBodyBytes);
    const { messages, rejected } = await acceptBatch(source, items, encoders.get(source.name) as EventEncoder);
    for (const rejection of rejected) metrics.rejected.inc({ reason: rejection.reason });
    if (messages.length === 0) {
      throw new IngestError('no_valid_events', items.length === 0 ? 'the body holds no events' : 'no event in the batch is valid', { accepted: 0, rejected });
    }
    if (messages.length > budget.capacity) {
      throw new IngestError('payload_too_large', `${messages.length} events in one request exceed ingest.maxInFlightEvents (${budget.capacity}); split the batch`);
    }
    if (!budget.tryTake(messages.length)) {
      throw new IngestError('overloaded', `${budget.inFlight} events are already waiting for Kafka; retry after a moment`);
    }
    metrics.inFlight.set(budget.inFlight);
    try {
      await delivery.deliver(source.topic, messages);
    } finally {
      budget.give(messages.length);
      metrics.inFlight.set(budget.inFlight);
    }
    metrics.accepted.inc({}, messages.length);
    metrics.requests.inc({ status: '202' });
    return reply.code(202).send({ accepted: messages.length, rejected });
  };
  app.post('/v1/events', ingest);
  app.post('/v1/events/:source', ingest);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = delivery.ready && !stopping;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', kafka: delivery.ready ? 'reachable' : 'unreachable' });
  });
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(registry.render()));

  await app.listen({ host: options.host ?? config.ingest.host, port: options.port ?? config.ingest.port });
  const port = (app.server.address() as AddressInfo).port;
  const host = options.host ?? config.ingest.host;
  logger.info('ingest listening', { port, host });
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: async () => {
      stopping = true;
      await closeServer(app);
      await watch.stop();
      await delivery.stop();
      logger.info('ingest stopped');
    },
  };
}

function resolveSource(config: PipelineConfig, name: string | undefined): SourceDefinition {
  const sources = Object.values(config.sources);
  if (name === undefined) {
    if (sources.length === 1) return sources[0] as SourceDefinition;
    throw new IngestError('source_required', `this pipeline has several sources; POST to /v1/events/<source>, one of ${sources.map((s) => s.name).join(', ')}`);
  }
  const source = config.sources[name];
  if (!source || !Object.hasOwn(config.sources, name)) {
    throw new IngestError('unknown_source', `no source ${name}; defined sources: ${sources.map((s) => s.name).join(', ')}`);
  }
  return source;
}

function toIngestError(error: unknown, maxBodyBytes: number): IngestError {
  if (error instanceof IngestError) return error;
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (statusCode === 413) return new IngestError('payload_too_large', `the body is larger than ${maxBodyBytes} bytes, the limit (ingest.maxBodyBytes)`);
  if (statusCode === 415) return new IngestError('unsupported_media_type', (error as Error).message);
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) return new IngestError('malformed_body', (error as Error).message);
  throw error;
}

function sendError(reply: FastifyReply, error: IngestError, metrics: IngestMetrics, logger: Logger, request: FastifyRequest): FastifyReply {
  metrics.requests.inc({ status: String(error.status) });
  if (error.status === 503) {
    metrics.unavailable.inc({ cause: error.ingestCode });
    void reply.header('retry-after', String(RETRY_AFTER_SECONDS[error.ingestCode as keyof typeof RETRY_AFTER_SECONDS] ?? 1));
  } else {
    logger.debug('request refused', { status: error.status, code: error.ingestCode, url: request.url });
  }
  return reply.code(error.status).send(error.body());
}

/** Closes the listener, waits for requests in flight, and drops keep-alive sockets as they go idle. */
async function closeServer(app: FastifyInstance): Promise<void> {
  let closed = false;
  const closing = app.close().finally(() => {
    closed = true;
  });
  while (!closed) {
    app.server.closeIdleConnections();
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  await closing;
}
