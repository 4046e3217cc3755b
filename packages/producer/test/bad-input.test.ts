import { gzipSync } from 'node:zlib';
import { createTestTopic, readAllRecords, testBrokers } from '../../../test/support/kafka';
import { ingestConfig, post, postJson, postNdjson, startTestIngest, testEvent, type Answer, type TestIngest } from './support/ingest-fixture';

const MAX_BODY = 64 * 1024;

describe('ingest refuses bad input clearly and keeps serving', () => {
  let service: TestIngest;
  let topic: string;
  const landed: unknown[] = [];

  beforeAll(async () => {
    topic = await createTestTopic('ingest_bad', 2);
    service = await startTestIngest(ingestConfig(testBrokers(), topic, 2, { maxBodyBytes: MAX_BODY }));
  });
  afterAll(() => service.stop());

  const expectError = (answer: Answer, status: number, error: string, message: RegExp) => {
    expect({ status: answer.status, error: answer.body['error'] }).toEqual({ status, error });
    expect(String(answer.body['message'])).toMatch(message);
  };

  it.each([
    ['malformed JSON', () => post(service, '{"user_id": "u1", "ts": ', { 'content-type': 'application/json' }), 400, 'malformed_body', /not valid JSON/],
    ['an empty body', () => post(service, '', { 'content-type': 'application/json' }), 400, 'malformed_body', /empty/],
    ['an unknown content type', () => post(service, 'user_id=u1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type', /application\/x-www-form-urlencoded is not accepted/],
    ['no content type', () => post(service, Buffer.from(JSON.stringify(testEvent(1))), {}), 415, 'unsupported_media_type', /\(none\) is not accepted/],
    ['an unknown content encoding', () => post(service, JSON.stringify(testEvent(1)), { 'content-type': 'application/json', 'content-encoding': 'compress' }), 415, 'unsupported_media_type', /encoding compress/],
    ['bad gzip', () => post(service, JSON.stringify(testEvent(1)), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400, 'bad_encoding', /says gzip but does not inflate/],
    ['a body over the size limit', () => postJson(service, Array.from({ length: 2000 }, (_, i) => testEvent(i))), 413, 'payload_too_large', /larger than 65536 bytes/],
    ['gzip that inflates past the limit', () => post(service, gzipSync(`[${' '.repeat(MAX_BODY * 4)}]`), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 413, 'payload_too_large', /inflates to more than 65536/],
    ['an unknown source', () => post(service, JSON.stringify(testEvent(1)), { 'content-type': 'application/json' }, '/v1/events/nope'), 404, 'unknown_source', /no source nope; defined sources: events/],
    ['a batch with no valid event', () => postJson(service, [{ ts: 1 }, 'text']), 400, 'no_valid_events', /no event in the batch is valid/],
  ])('answers %s with its status and message', async (_name, send, status, error, message) => {
    expectError(await send(), status, error, message);
    // The server keeps serving: a valid event right after is accepted.
    const event = testEvent(landed.length, { probe: true });
    expect((await postJson(service, event)).status).toBe(202);
    landed.push(event);
  });

  it('accepts the valid events of a mixed batch and lists each rejected index with its reason', async () => {
    const good = [testEvent(100), testEvent(101), testEvent(102)];
    const answer = await postJson(service, [
      good[0],
      { ...testEvent(1), latency_ms: 'slow' },
      { user_id: 'u1', type: 'page_view' },
      { ...testEvent(2), ts: 'yesterday' },
      good[1],
      { ts: testEvent(5)['ts'], type: 'click' },
      { ...testEvent(3), user_id: { id: 1 } },
      42,
      { ...testEvent(4), event_id: 7 },
      good[2],
    ]);
    expect(answer.status).toBe(202);
    expect(answer.body['accepted']).toBe(3);
    expect((answer.body['rejected'] as { index: number; reason: string }[]).map(({ index, reason }) => [index, reason])).toEqual([
      [1, 'wrong_type'],
      [2, 'missing_timestamp'],
      [3, 'bad_timestamp'],
      [5, 'missing_key'],
      [6, 'bad_key'],
      [7, 'not_an_object'],
      [8, 'bad_id'],
    ]);
    landed.push(...good);

    const lines = await postNdjson(service, [testEvent(200)]).then(() =>
      post(service, `${JSON.stringify(testEvent(201))}\n{"user_id": oops}\n\n${JSON.stringify(testEvent(202))}\n`, { 'content-type': 'application/x-ndjson' }),
    );
    expect(lines.status).toBe(202);
    expect(lines.body).toMatchObject({ accepted: 2, rejected: [{ index: 1, reason: 'malformed_json' }] });
    landed.push(testEvent(200), testEvent(201), testEvent(202));

    const metrics = service.metricsText();
    expect(metrics).toMatch(/^sluice_ingest_events_rejected_total\{reason="wrong_type"\} [1-9]/m);
  });

  it('refuses a body with more events than ingest.maxEventsPerRequest', async () => {
    const answer = await post(service, '{}\n'.repeat(10_001), { 'content-type': 'application/x-ndjson' });
    expectError(answer, 413, 'payload_too_large', /more than 10000 events.*ingest\.maxEventsPerRequest/);
  });

  it('lists at most 100 rejections and counts all of them by reason', async () => {
    const good = testEvent(300);
    const answer = await postNdjson(service, [good, ...Array.from({ length: 200 }, () => ({ ts: good['ts'] })), ...Array.from({ length: 50 }, () => 42)]);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 1, rejectedCount: 250, rejectedByReason: { missing_key: 200, not_an_object: 50 } });
    expect(answer.body['rejected']).toHaveLength(100);
    landed.push(good);
  });

  it.each([
    ['in 2100', '2100-01-01T00:00:00Z', /maxFuture \(5m\) after its arrival/],
    ['before 1970', -86_400_000, /outside the event times every layer can store/],
    ['unrepresentable', 1e21, /1e\+21 is outside the event times every layer can store/],
  ])('answers 400 event_time_out_of_range to an event whose time is %s', async (_name, ts, message) => {
    const answer = await postJson(service, { ...testEvent(300), ts });
    expectError(answer, 400, 'no_valid_events', /no event in the batch is valid/);
    expect(answer.body['rejected']).toEqual([{ index: 0, reason: 'event_time_out_of_range', message: expect.stringMatching(message) as unknown }]);
  });

  it('accepts the in-bounds events of a batch with out-of-range times, stamped with their arrival', async () => {
    const rejectedBefore = outOfRangeRejections();
    const good = [testEvent(400), { ...testEvent(401), ts: Date.now() + 60_000 }];
    const before = Date.now();
    const answer = await postJson(service, [good[0], { ...testEvent(402), ts: Date.now() + 3_600_000 }, good[1]]);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 2, rejected: [{ index: 1, reason: 'event_time_out_of_range' }] });
    landed.push(...good);
    const records = await readAllRecords(topic);
    const stamped = records.filter((record) => (JSON.parse(String(record.value)) as { user_id: string; latency_ms: number }).latency_ms === 10 + 401);
    expect(stamped).toHaveLength(1);
    expect(Number(stamped[0]!.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(stamped[0]!.timestamp)).toBe((JSON.parse(String(stamped[0]!.value)) as { received_at: number }).received_at);
    expect(outOfRangeRejections()).toBe(rejectedBefore + 1);
  });

  const outOfRangeRejections = (): number => {
    const metrics = service.metricsText();
    return Number(/^sluice_ingest_events_rejected_total\{reason="event_time_out_of_range"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
  };

  it('delivers exactly the valid events and nothing of the refused bodies', async () => {
    const records = await readAllRecords(topic);
    const stamps = records.map((record) => (JSON.parse(String(record.value)) as { ts: number }).ts).sort();
    expect(stamps).toEqual(landed.map((event) => (event as { ts: number }).ts).sort());
  });
});
