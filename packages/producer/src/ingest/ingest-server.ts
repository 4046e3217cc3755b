import { applyServerLimits, MetricsRegistry, silentLogger, topicSpecsFor, type Logger, type PipelineConfig, type SourceDefinition } from '@sluice/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { AddressInfo } from 'node:net';
import { acceptBatch } from './accept-batch';
import { IngestGuard } from './auth/ingest-guard';
import { callerOf, installIngestGuard } from './auth/install-ingest-guard';
import { encoderFor, type EventEncoder } from './event-encoder';
import { fastifyLimits } from './fastify-limits';
import { groupValueLimit } from './group-value-limit';
import { InFlightBudget } from './in-flight-budget';
import { IngestError } from './ingest-error';
import { ingestMetrics, type IngestMetrics } from './ingest-metrics';
import { ingestKafkaClient } from './kafka-client';
import { KafkaDelivery } from './kafka-delivery';
import { noValidEvents } from './no-valid-events';
import { readBody } from './read-body';
import { summarizeRejections } from './rejection-summary';
import { watchReachability } from './reachability-watch';
import { readIngestTls } from './tls-options';

export interface IngestOptions {
  readonly logger?: Logger;
  readonly metrics?: MetricsRegistry;
  /** Overrides `ingest.host` / `ingest.port` (0 picks a free port). */
  readonly host?: string;
  readonly port?: number;
  /** A kafkajs client to use instead of one built from `config.kafka`. */
  readonly kafka?: Kafka;
  /** The door to use instead of one loaded from `config.ingest` (the cli loads it first, to refuse a bad key file as a config error). */
  readonly guard?: IngestGuard;
}

/** A running ingest service. */
export interface IngestService {
  readonly port: number;
  readonly url: string;
  /** Kafka answers and the service is not stopping: what `/readyz` on the ops port reports. */
  ready(): boolean;
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
 * acknowledged every accepted event. `/healthz`, `/readyz` and `/metrics`
 * are not on this listener: the worker kernel serves them on `ingest.opsPort`.
 */
export async function startIngest(config: PipelineConfig, options: IngestOptions = {}): Promise<IngestService> {
  const logger = (options.logger ?? silentLogger).child('ingest');
  const registry = options.metrics ?? new MetricsRegistry();
  const metrics = ingestMetrics(registry);
  const host = options.host ?? config.ingest.host;
  const guard = options.guard ?? (await IngestGuard.load(config.ingest, host));
  const tls = await readIngestTls(config.ingest);
  const encoders = new Map<string, EventEncoder>();
  for (const source of Object.values(config.sources)) encoders.set(source.name, await encoderFor(source, config.schemaRegistry));

  const kafka = options.kafka ?? ingestKafkaClient(config.kafka, logger.child('kafka'));
  const delivery = new KafkaDelivery(kafka, {
    lingerMs: config.ingest.lingerMs,
    compression: config.ingest.compression,
    logger,
    produceSeconds: metrics.produceSeconds,
    topics: topicSpecsFor(config, 'ingest'),
  });
  await delivery.start();
  const watch = watchReachability(kafka, { intervalMs: REACHABILITY_INTERVAL_MS, logger, onUnreachable: (error) => delivery.markUnreachable(error) });
  const budget = new InFlightBudget(config.ingest.maxInFlightEvents);
  let stopping = false;

  // Over TLS fastify types the instance with an https.Server; nothing used here differs between the two.
  const limits = fastifyLimits(config.ingest.http);
  const listener = tls ? { https: { ...tls, ...limits.http } } : { http: limits.http };
  const app = Fastify({ bodyLimit: config.ingest.maxBodyBytes, return503OnClosing: true, requestTimeout: limits.requestTimeout, keepAliveTimeout: limits.keepAliveTimeout, ...listener }) as unknown as FastifyInstance;
  applyServerLimits(app.server, config.ingest.http);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) => sendError(reply, toIngestError(error, config.ingest.maxBodyBytes), metrics, logger, request, guard.labels(callerOf(request))));
  installIngestGuard(app, guard, config);
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
    const items = await readBody(raw, request.headers['content-type'], request.headers['content-encoding'], config.ingest);
    const { messages, rejected } = await acceptBatch(source, items, encoders.get(source.name) as EventEncoder, groupValueLimit(config, source));
    for (const rejection of rejected) metrics.rejected.inc({ reason: rejection.reason });
    guard.takeEvents(callerOf(request) ?? { keyId: undefined }, messages.length);
    if (messages.length === 0) throw noValidEvents(items.length, rejected);
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
    metrics.accepted.inc(guard.labels(callerOf(request)), messages.length);
    metrics.requests.inc({ status: '202', ...guard.labels(callerOf(request)) });
    return reply.code(202).send({ accepted: messages.length, ...summarizeRejections(rejected) });
  };
  app.post('/v1/events', ingest);
  app.post('/v1/events/:source', ingest);

  await app.listen({ host, port: options.port ?? config.ingest.port });
  const port = (app.server.address() as AddressInfo).port;
  logger.info('ingest listening', { port, host, tls: tls !== undefined, apiKeys: guard.keyIds });
  return {
    port,
    url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ready: () => delivery.ready && !stopping,
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

function sendError(reply: FastifyReply, error: IngestError, metrics: IngestMetrics, logger: Logger, request: FastifyRequest, labels: Record<string, string>): FastifyReply {
  metrics.requests.inc({ status: String(error.status), ...labels });
  void reply.headers(error.headers);
  if (error.status === 503) {
    metrics.unavailable.inc({ cause: error.ingestCode });
    void reply.header('retry-after', String(RETRY_AFTER_SECONDS[error.ingestCode as keyof typeof RETRY_AFTER_SECONDS] ?? 1));
  } else {
    logger.debug('request refused', { status: error.status, code: error.ingestCode, url: request.url, ...labels });
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
