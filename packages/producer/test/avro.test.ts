import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { buildPipeline } from '@sluice/core';
import { startSchemaRegistry, type SchemaRegistryProcess } from '@sluice/devstack';
import { createTestTopic, readAllRecords, testBrokers } from '../../../test/support/kafka';
import { startIngest, type IngestService } from '../src/index';
import { postJson } from './support/ingest-fixture';

jest.setTimeout(300_000);

const schema = {
  type: 'record',
  name: 'NavigationEvent',
  namespace: 'dev.sluice.test',
  fields: [
    { name: 'event_id', type: 'string' },
    { name: 'ts', type: 'long' },
    { name: 'user_id', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'latency_ms', type: ['null', 'int'], default: null },
    { name: 'received_at', type: 'long' },
  ],
};

describe('Avro sources', () => {
  let logDir: string;
  let registry: SchemaRegistryProcess;
  let service: IngestService;
  let topic: string;

  beforeAll(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'sluice-registry-'));
    // A real Confluent-compatible registry (Apicurio, from Maven Central), started by the project's launcher.
    registry = await startSchemaRegistry({ logDir });
    topic = await createTestTopic('ingest_avro', 2);
    const config = buildPipeline({
      kafka: { brokers: testBrokers() },
      schemaRegistry: { url: registry.url },
      sources: { events: { topic, format: 'avro', key: 'user_id', timestamp: 'ts', partitions: 2, avroSchema: schema } },
    });
    service = await startIngest(config, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await service?.stop();
    await registry?.stop();
    await rm(logDir, { recursive: true, force: true });
  });

  it('encodes in the Confluent wire format with the registered schema and decodes back to the posted events', async () => {
    const events = [
      { event_id: 'a-1', ts: 1_767_225_600_000, user_id: 'u1', type: 'page_view', latency_ms: 42 },
      { ts: 1_767_225_601_000, user_id: 'u2', type: 'click', latency_ms: null },
    ];
    const answer = await postJson(service, [...events, { ts: 1_767_225_602_000, user_id: 'u3', type: 'click', latency_ms: 'slow' }]);
    expect(answer.status).toBe(202);
    expect(answer.body['accepted']).toBe(2);
    expect(answer.body['rejected']).toEqual([{ index: 2, reason: 'schema_mismatch', message: 'does not fit the Avro schema at latency_ms' }]);

    const records = await readAllRecords(topic);
    expect(records).toHaveLength(2);
    const client = new SchemaRegistry({ host: registry.url });
    const latest = await client.getLatestSchemaId(`${topic}-value`);
    const decoded = [];
    for (const record of records) {
      const value = record.value as Buffer;
      expect(value[0]).toBe(0);
      expect(value.readInt32BE(1)).toBe(latest);
      decoded.push((await client.decode(value)) as Record<string, unknown>);
    }
    decoded.sort((a, b) => Number(a['ts']) - Number(b['ts']));
    expect(decoded[0]).toMatchObject(events[0] as Record<string, unknown>);
    expect(decoded[1]).toMatchObject({ ...events[1], event_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    for (const event of decoded) expect(typeof event['received_at']).toBe('number');
  });
});
