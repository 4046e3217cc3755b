import { gzipSync } from 'node:zlib';
import { createTestTopic, readAllRecords, testBrokers, testKafka } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { partitionOf } from '../src/index';
import { ingestConfig, post, postJson, postNdjson, startTestIngest, testEvent, type TestIngest } from './support/ingest-fixture';

describe('ingest delivers posted events', () => {
  let service: TestIngest;
  let topic: string;

  beforeAll(async () => {
    topic = await createTestTopic('ingest_delivery', 3);
    service = await startTestIngest(ingestConfig(testBrokers(), topic, 3));
  });
  afterAll(() => service.stop());

  it('puts every event of every body form in the topic exactly once, keyed and partitioned as configured', async () => {
    const single = testEvent(0, { event_id: 'given-id-0' });
    const array = Array.from({ length: 40 }, (_, i) => testEvent(1 + i));
    const ndjson = Array.from({ length: 40 }, (_, i) => testEvent(41 + i, { extra: { nested: i } }));
    const gzipped = Array.from({ length: 40 }, (_, i) => testEvent(81 + i));

    const answers = await Promise.all([
      postJson(service, single),
      postJson(service, array),
      postNdjson(service, ndjson),
      post(service, gzipSync(gzipped.map((e) => JSON.stringify(e)).join('\n')), { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body['accepted']])).toEqual([
      [202, 1],
      [202, 40],
      [202, 40],
      [202, 40],
    ]);

    const records = await readAllRecords(topic);
    expect(records).toHaveLength(121);
    const values = records.map((record) => ({ record, event: JSON.parse(String(record.value)) as Record<string, unknown> }));
    const ids = values.map(({ event }) => event['event_id']);
    expect(new Set(ids).size).toBe(121);
    expect(ids).toContain('given-id-0');
    for (const { record, event } of values) {
      expect(String(record.key)).toBe(event['user_id']);
      expect(record.partition).toBe(partitionOf(String(event['user_id']), 3));
      expect(typeof event['received_at']).toBe('number');
      if (event['event_id'] !== 'given-id-0') expect(event['event_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // Undeclared fields pass through untouched.
    expect(values.find(({ event }) => event['ts'] === testEvent(45)['ts'])?.event['extra']).toEqual({ nested: 4 });
  });

  it('reports readiness and metrics', async () => {
    expect(service.ready()).toBe(true);
    const metrics = service.metricsText();
    expect(metrics).toMatch(/^sluice_ingest_events_accepted_total \d+$/m);
    expect(metrics).toContain('sluice_ingest_produce_seconds_bucket');
    expect(metrics).toMatch(/^sluice_ingest_in_flight_events 0$/m);
  });
});

describe('ingest on a broker without its source topic', () => {
  it('creates the topic with the partitions the config gives, not the broker default', async () => {
    const topic = uniqueName('ingest_creates');
    const service = await startTestIngest(ingestConfig(testBrokers(), topic, 3));
    try {
      expect((await postJson(service, testEvent(0))).status).toBe(202);
      const admin = testKafka().admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        expect(topics[0]?.partitions).toHaveLength(3);
      } finally {
        await admin.disconnect();
      }
      expect(await readAllRecords(topic)).toHaveLength(1);
    } finally {
      await service.stop();
    }
  });
});
