import { MetricsRegistry, buildPipeline, type PipelineConfig } from '@sluice/core';
import { gzipSync } from 'node:zlib';
import { startIngest, type IngestOptions, type IngestService } from '../../src/index';

/** A pipeline with one JSON source on `topic`, for ingest tests. */
export function ingestConfig(brokers: readonly string[], topic: string, partitions: number, ingest: Record<string, unknown> = {}): PipelineConfig {
  return buildPipeline({
    kafka: { brokers: [...brokers] },
    ingest: { linger: 5, ...ingest },
    sources: {
      events: {
        topic,
        key: 'user_id',
        timestamp: 'ts',
        partitions,
        fields: { user_id: 'string', ts: 'number', latency_ms: 'number', type: 'string' },
      },
    },
  });
}

/** A test's ingest service, with the text its ops port would serve on `/metrics`. */
export interface TestIngest extends IngestService {
  metricsText(): string;
}

/** Starts ingest on a free loopback port. */
export async function startTestIngest(config: PipelineConfig, options: IngestOptions = {}): Promise<TestIngest> {
  const metrics = new MetricsRegistry();
  const service = await startIngest(config, { host: '127.0.0.1', port: 0, metrics, ...options });
  return { ...service, metricsText: () => metrics.render() };
}

/** A valid event for the test source. */
export function testEvent(index: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { user_id: `u${index % 7}`, ts: Date.UTC(2026, 0, 1) + index * 1000, type: 'page_view', latency_ms: 10 + index, ...extra };
}

/** What a POST answered: status, headers and the parsed JSON body. */
export interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: Record<string, unknown>;
  /** Size of the answer's body. */
  readonly bytes: number;
}

/** Posts a body to ingest and parses the answer. */
export async function post(service: Pick<IngestService, 'url'>, body: string | Buffer, headers: Record<string, string>, path = '/v1/events'): Promise<Answer> {
  // fetch's types take a plain Uint8Array, not a Buffer over any ArrayBufferLike.
  const response = await fetch(`${service.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: JSON.parse(text) as Record<string, unknown>, bytes: Buffer.byteLength(text) };
}

/** Posts events as NDJSON. */
export function postNdjson(service: IngestService, events: readonly unknown[]): Promise<Answer> {
  return post(service, events.map((event) => JSON.stringify(event)).join('\n'), { 'content-type': 'application/x-ndjson' });
}

/** Posts one JSON value (an event or an array). */
export function postJson(service: IngestService, value: unknown, gzip = false): Promise<Answer> {
  const text = JSON.stringify(value);
  return gzip
    ? post(service, gzipSync(text), { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    : post(service, text, { 'content-type': 'application/json' });
}
