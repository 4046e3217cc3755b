import { buildPipeline, type PipelineConfig } from '@sluice/core';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { expectHttpLimitsHeld, SMALL_HTTP_CONFIG } from '../../../test/support/http-clients';
import { createTestTopic, readAllRecords, testBrokers } from '../../../test/support/kafka';
import type { IngestService } from '../src/index';
import { post, postJson, postNdjson, startTestIngest, testEvent } from './support/ingest-fixture';

/** 1 KB of gzip that inflates to 500,000 invalid NDJSON lines (1,000,000 bytes): a gzip bomb. */
const BOMB = gzipSync('x\n'.repeat(500_000));
const NDJSON_GZIP = { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' };

function boundedConfig(topic: string, ingest: Record<string, unknown>): PipelineConfig {
  return buildPipeline({
    kafka: { brokers: testBrokers() },
    ingest: { linger: 5, ...ingest },
    sources: { events: { topic, key: 'user_id', timestamp: 'ts', partitions: 1, fields: { user_id: 'string', ts: 'number', type: 'string' } } },
    views: [{ name: 'by_type', source: 'events', window: { type: 'tumbling', size: '1m' }, groupBy: ['type'], measures: { n: 'count' } }],
  });
}

describe('ingest bounds the work and the answer of each request', () => {
  let topic: string;
  let service: IngestService;
  const landed: Record<string, unknown>[] = [];

  beforeAll(async () => {
    topic = await createTestTopic('ingest_bounded', 1);
    // Body and event-count limits at their defaults; small event and group limits.
    service = await startTestIngest(boundedConfig(topic, { maxEventBytes: 1_024, maxGroupValueLength: 16 }));
  });
  afterAll(() => service.stop());

  it('answers a gzip bomb with a small 413, under the default limits', async () => {
    expect(BOMB.length).toBeLessThan(2_048);
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(service, BOMB, NDJSON_GZIP)));
    for (const answer of answers) {
      expect({ status: answer.status, error: answer.body['error'] }).toEqual({ status: 413, error: 'payload_too_large' });
      expect(answer.body['message']).toMatch(/more than 10000 events.*ingest\.maxEventsPerRequest/);
      expect(answer.bytes).toBeLessThan(512);
    }
  });

  it('stops inflating a body at the body limit', async () => {
    const answer = await post(service, gzipSync('x\n'.repeat(5_000_000)), NDJSON_GZIP);
    expect({ status: answer.status, error: answer.body['error'] }).toEqual({ status: 413, error: 'payload_too_large' });
    expect(answer.body['message']).toMatch(/inflates to more than 1048576 bytes.*ingest\.maxBodyBytes/);
  });

  it.each([
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('accepts %s bodies and caps their inflated size too', async (encoding, compress) => {
    const event = testEvent(landed.length, { encoding });
    const accepted = await post(service, compress(JSON.stringify(event)), { 'content-type': 'application/json', 'content-encoding': encoding });
    expect(accepted.status).toBe(202);
    landed.push(event);
    const bomb = await post(service, compress('x\n'.repeat(5_000_000)), { 'content-type': 'application/x-ndjson', 'content-encoding': encoding });
    expect({ status: bomb.status, error: bomb.body['error'] }).toEqual({ status: 413, error: 'payload_too_large' });
    expect(bomb.body['message']).toMatch(/inflates to more than 1048576 bytes/);
  });

  it('refuses a single event over ingest.maxEventBytes with 413 and the limit', async () => {
    const answer = await postJson(service, testEvent(10, { padding: 'p'.repeat(2_000) }));
    expect({ status: answer.status, error: answer.body['error'] }).toEqual({ status: 413, error: 'event_too_large' });
    expect(answer.body['message']).toMatch(/more than 1024, the limit \(ingest\.maxEventBytes\)/);
    expect(answer.body).toMatchObject({ accepted: 0, rejectedCount: 1, rejectedByReason: { event_too_large: 1 } });
  });

  it('refuses only the oversized events of a batch and accepts the others', async () => {
    const good = [testEvent(20), testEvent(21)];
    const answer = await postNdjson(service, [good[0], testEvent(22, { padding: 'p'.repeat(2_000) }), good[1]]);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 2, rejected: [{ index: 1, reason: 'event_too_large' }], rejectedByReason: { event_too_large: 1 } });
    landed.push(...good);
  });

  it('refuses events whose group field is longer than ingest.maxGroupValueLength', async () => {
    const good = testEvent(30, { type: 'x'.repeat(16) });
    const answer = await postJson(service, [good, testEvent(31, { type: 'x'.repeat(17) })]);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: [{ index: 1, reason: 'group_value_too_long' }] });
    expect((answer.body['rejected'] as { message: string }[])[0]?.message).toMatch(/type is 17 characters long, more than 16/);
    landed.push(good);
    const alone = await postJson(service, testEvent(32, { type: 'y'.repeat(100) }));
    expect({ status: alone.status, error: alone.body['error'] }).toEqual({ status: 400, error: 'no_valid_events' });
  });

  it('delivers exactly the accepted events', async () => {
    const records = await readAllRecords(topic);
    const stamps = records.map((record) => (JSON.parse(String(record.value)) as { ts: number }).ts).sort();
    expect(stamps).toEqual(landed.map((event) => event['ts'] as number).sort());
  });
});

describe('ingest with a high event limit', () => {
  let service: IngestService;

  beforeAll(async () => {
    service = await startTestIngest(boundedConfig(await createTestTopic('ingest_bounded_many', 1), { maxEventsPerRequest: 1_000_000 }));
  });
  afterAll(() => service.stop());

  it('answers the gzip bomb with a bounded 400 that counts every invalid line', async () => {
    const answer = await post(service, BOMB, NDJSON_GZIP);
    expect({ status: answer.status, error: answer.body['error'] }).toEqual({ status: 400, error: 'no_valid_events' });
    expect(answer.body).toMatchObject({ rejectedCount: 500_000, rejectedByReason: { malformed_json: 500_000 } });
    expect(answer.body['rejected']).toHaveLength(100);
    expect(answer.bytes).toBeLessThan(32 * 1024);
  });
});

describe('ingest server limits', () => {
  let service: IngestService;

  beforeAll(async () => {
    service = await startTestIngest(boundedConfig(await createTestTopic('ingest_bounded_http', 1), { http: SMALL_HTTP_CONFIG }));
  });
  afterAll(() => service.stop());

  it('cuts a slowloris, refuses connections past ingest.http.maxConnections and keeps answering', async () => {
    // The public listener serves only POST /v1/events: a GET of it is answered 404, which is answer enough.
    await expectHttpLimitsHeld(service.url, '/v1/events', 404);
  });
});
