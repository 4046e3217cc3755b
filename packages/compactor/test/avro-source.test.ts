import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsRegistry, qualifiedName, rawTableName, silentLogger } from '@sluice/core';
import { Compactor } from '@sluice/compactor';
import { createKafka } from '@sluice/kafka';
import { startSchemaRegistry, type SchemaRegistryProcess } from '@sluice/devstack';
import { generateEvents } from '@sluice/producer';
import { computeTruth } from '@sluice/testkit';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { encodeAsAvro } from '../../../test/support/app-event-avro';
import { readAllRecords, testKafka } from '../../../test/support/kafka';
import { waitFor } from '../../../test/support/wait-for';
import { batchRowsAgainstTruth, openClickHouse, scalar, testPipeline } from './support/compactor-fixture';

jest.setTimeout(300_000);

/** The master dataset of an Avro source: two schema versions in one topic, decoded with the registry's writer schemas. */
describe('compactor: an Avro source', () => {
  let logDir: string;
  let registry: SchemaRegistryProcess | undefined;
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;

  beforeAll(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'sluice-compactor-registry-'));
    registry = await startSchemaRegistry({ logDir });
  });

  afterAll(async () => {
    await compactor?.stop();
    await clickhouse?.close();
    await registry?.stop();
    await rm(logDir, { recursive: true, force: true });
  });

  it('lands every decodable record as JSON, dead-letters the rest, and batch rows equal the truth', async () => {
    const { config } = await testPipeline(3, 'embedded:memory', { schemaRegistryUrl: registry!.url });
    const topic = config.sources['events']!.topic;
    const run = generateEvents(config, { events: 2_000, rate: 1_000, timeStepMs: 400, duplicates: 0.03, outOfOrder: 0.05, seed: 17, startMs: Date.UTC(2026, 0, 5, 10, 3, 0) });
    const truth = computeTruth(config, run);
    const { messages, v2 } = await encodeAsAvro(registry!.url, topic, run.records);
    const notAvro = { key: 'not-avro', partition: 0, value: Buffer.from(JSON.stringify(run.records[0]!.event)) };

    const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [notAvro] });
    for (let from = 0; from < messages.length; from += 1_000) await producer.send({ topic, acks: -1, messages: messages.slice(from, from + 1_000) });
    await producer.disconnect();

    clickhouse = await openClickHouse(config);
    const client = clickhouse.client;
    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await compactor.start();

    const raw = qualifiedName(config.clickhouse.database, rawTableName('events'));
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw}`)) === messages.length, { what: 'every Avro record landed' });
    const purchases = run.records.filter((record) => 'amount' in record.event).length;
    expect(purchases).toBeGreaterThan(0);
    expect(await scalar(client, `SELECT countIf(JSONHas(raw, 'amount')) FROM ${raw}`)).toBe(purchases);
    expect(messages.filter((message) => message.value.readInt32BE(1) === v2)).toHaveLength(purchases);

    const { actual, expected } = await batchRowsAgainstTruth(client, config, truth.views);
    expect(actual).toEqual(expected);

    const dead = await readAllRecords(config.kafka.topics.deadLetter);
    expect(dead.map((record) => [String(record.key), String(record.headers['sluice-reason'])])).toEqual([
      ['not-avro', expect.stringMatching(/not in the Confluent Avro wire format/)],
    ]);
  });
});
