import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsRegistry, silentLogger } from '@sluice/core';
import { startSchemaRegistry, type SchemaRegistryProcess } from '@sluice/devstack';
import { generateEvents } from '@sluice/producer';
import { computeTruth, type TruthFile } from '@sluice/testkit';
import { Aggregator } from '../src';
import { encodeAsAvro } from '../../../test/support/app-event-avro';
import { readAllRecords, testKafka } from '../../../test/support/kafka';
import { everyWindowClosed } from './support/every-window-closed';
import { differences, mergeFinals, readResults, type MergedRow } from './support/final-results';
import { createPipelineFixture, type PipelineFixture } from './support/pipeline-fixture';

jest.setTimeout(300_000);

const REVENUE_VIEW_YAML = `
  - name: revenue_10s
    source: events
    where: { type: purchase }
    window: { type: tumbling, size: 10s }
    lateness: 5s
    groupBy: [country]
    measures: { purchases: count, revenue: sum(amount) }
`;

/**
 * An Avro source read with writer schemas from a real Confluent-compatible
 * registry (Apicurio): two schema versions in one topic, out-of-order events,
 * duplicates, late events, and three records that are not decodable.
 */
describe('aggregate: an Avro source', () => {
  let logDir: string;
  let registry: SchemaRegistryProcess;
  let fixture: PipelineFixture;
  let truth: TruthFile;
  let finals: MergedRow[];
  let knownSchemaId: number;
  const metrics = new MetricsRegistry();

  beforeAll(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'sluice-agg-registry-'));
    registry = await startSchemaRegistry({ logDir });
    fixture = await createPipelineFixture('agg_avro', { schemaRegistryUrl: registry.url, extraViewsYaml: REVENUE_VIEW_YAML });
    const run = generateEvents(fixture.config, {
      events: 3_000,
      rate: 1_000,
      late: 0.02,
      duplicates: 0.02,
      outOfOrder: 0.1,
      seed: 5,
      startMs: Date.now() - 60 * 60_000,
      timeStepMs: 40,
    });
    truth = computeTruth(fixture.config, run);

    const { messages, v1 } = await encodeAsAvro(registry.url, fixture.sourceTopic, run.records);
    knownSchemaId = v1;
    const encodedV1 = messages.find((message) => message.value.readInt32BE(1) === v1)!.value;
    const unknownId = Buffer.from(encodedV1);
    unknownId.writeInt32BE(987_654, 1);
    const poison = [
      { key: 'json', partition: 0, value: Buffer.from(JSON.stringify(run.records[0]!.event)) },
      { key: 'unknown-schema', partition: 1, value: unknownId },
      { key: 'truncated', partition: 2, value: encodedV1.subarray(0, 12) },
    ];

    const kafka = testKafka();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: fixture.sourceTopic, acks: -1, messages: poison });
    for (let from = 0; from < messages.length; from += 1_000) {
      await producer.send({ topic: fixture.sourceTopic, acks: -1, messages: messages.slice(from, from + 1_000) });
    }
    await producer.disconnect();

    const aggregator = new Aggregator({ config: fixture.config, kafka, logger: silentLogger, metrics });
    await aggregator.start();
    await everyWindowClosed(metrics, fixture.config, fixture.sourceTopic, messages.length + poison.length, { what: 'every Avro record read and every window closed' });
    await aggregator.stop();
    finals = mergeFinals(fixture.config, await readResults(fixture.config));
  });

  afterAll(async () => {
    await registry?.stop();
    if (logDir) await rm(logDir, { recursive: true, force: true });
  });

  it.each(['pages_10s', 'types_20s', 'sessions', 'revenue_10s'])('%s finals equal the speed truth', (view) => {
    const expected = truth.views[view]!.speedRows;
    expect(expected.length).toBeGreaterThan(5);
    expect(differences(fixture.config, view, finals, expected)).toEqual([]);
  });

  it('reads the field only the newer schema version has', () => {
    const revenue = finals.filter((row) => row.view === 'revenue_10s');
    expect(revenue.reduce((total, row) => total + (row.measures['revenue'] ?? 0), 0)).toBeGreaterThan(0);
  });

  it('dead-letters values it cannot decode, with the reason', async () => {
    const dead = await readAllRecords(fixture.config.kafka.topics.deadLetter);
    const reasons = Object.fromEntries(dead.map((record) => [String(record.key), String(record.headers['sluice-reason'])]));
    expect(reasons).toEqual({
      json: expect.stringMatching(/not in the Confluent Avro wire format/),
      'unknown-schema': 'schema id 987654 is not in the schema registry',
      truncated: expect.stringMatching(new RegExp(`does not decode with Avro schema ${knownSchemaId}`)),
    });
  });

  it('copies late events to the late topic as they were written', async () => {
    const late = await readAllRecords(fixture.config.kafka.topics.late);
    expect(late).toHaveLength(truth.lateEventIds.length);
    expect(late.every((record) => (record.value as Buffer)[0] === 0)).toBe(true);
  });
});
