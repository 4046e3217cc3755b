import { Aggregator } from '@sluice/aggregator';
import { clickHouseStorage, createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { Compactor } from '@sluice/compactor';
import { consumerGroupId, MetricsRegistry, parsePipeline, qualifiedName, rawTableName, silentLogger, unpackRow, type PipelineConfig, type ResultPack } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { generateEvents, type GeneratedEvent } from '@sluice/producer';
import { ServingSink } from '@sluice/sink';
import type { Kafka } from 'kafkajs';
import { createTestTopic, readAllRecords, testBrokers, testKafka } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';

jest.setTimeout(300_000);

const HOUR = 3_600_000;
/** An hour well in the past: its window stays open only as long as no event moves a watermark past it. */
const START = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;
const PARTITIONS = 3;

/** One 1 h tumbling view; an idle timeout of a day, so only event time closes windows, in both layers. */
function pipeline(name: string, topic: string): PipelineConfig {
  return parsePipeline(
    `
name: ${name}
kafka: { brokers: ${JSON.stringify(testBrokers())}, clientId: ${name}, topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq } }
clickhouse: { url: "embedded:memory", database: ${name} }
aggregator: { opsPort: 0, updateInterval: 300, maxOutOfOrderness: 2000, idleTimeout: 1d, commitInterval: 500, checkpoints: false }
sink: { opsPort: 0, flushInterval: 200ms }
compactor: { opsPort: 0, batchEvents: 400, flushInterval: 200ms, cycleInterval: 500ms }
sources:
  events: { topic: ${topic}, key: user_id, timestamp: ts, partitions: ${PARTITIONS} }
views:
  - name: hourly
    source: events
    window: { type: tumbling, size: 1h }
    lateness: 5s
    period: 1h
    groupBy: [country]
    measures: { events: count, latency: sum(latency_ms) }
`,
    { env: {}, origin: 'restore-point-lost' },
  );
}

const eventTime = (event: GeneratedEvent) => Number(event.event['ts']) || Date.parse(String(event.event['ts']));

/** The hourly view computed straight from the events: `windowStart|country` -> [events, latency]. */
function truthOf(records: readonly GeneratedEvent[]): Map<string, [number, number]> {
  const truth = new Map<string, [number, number]>();
  for (const { event } of records) {
    const key = `${Math.floor(eventTime({ event } as GeneratedEvent) / HOUR) * HOUR}|${String(event['country'])}`;
    const [events, latency] = truth.get(key) ?? [0, 0];
    truth.set(key, [events + 1, latency + Number(event['latency_ms'])]);
  }
  return truth;
}

async function send(kafka: Kafka, topic: string, records: readonly GeneratedEvent[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let from = 0; from < records.length; from += 1_000) {
      const messages = records.slice(from, from + 1_000).map((record) => ({ key: record.key, partition: record.partition, value: JSON.stringify(record.event) }));
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** What the serving view shows: `windowStart|country` -> [events, latency, source]. */
async function served(clickhouse: ClickHouse, config: PipelineConfig): Promise<Map<string, [number, number, string]>> {
  const rows = await (
    await clickhouse.client.query({
      query: `SELECT toUnixTimestamp64Milli(window_start) AS ws, country, events, latency, source FROM ${qualifiedName(config.clickhouse.database, 'hourly')}`,
      format: 'JSONEachRow',
    })
  ).json<{ ws: string; country: string; events: string; latency: string; source: string }>();
  return new Map(rows.map((row) => [`${row.ws}|${row.country}`, [Number(row.events), Number(row.latency), row.source]]));
}

/** Where the view differs from the truth; empty when equal. */
function differences(got: ReadonlyMap<string, [number, number, string]>, want: ReadonlyMap<string, [number, number]>): string[] {
  const problems: string[] = [];
  for (const [key, [events, latency]] of want) {
    const row = got.get(key);
    if (row?.[0] !== events || row[1] !== latency) problems.push(`${key}: ${JSON.stringify(row)} instead of ${events}, ${latency}`);
  }
  for (const key of got.keys()) if (!want.has(key)) problems.push(`${key} should not exist`);
  return problems;
}

async function committedNext(kafka: Kafka, config: PipelineConfig, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: consumerGroupId(config, 'aggregator'), topics: [topic] });
    return ends.every((end) => {
      const metadata = committed?.partitions.find((partition) => partition.partition === end.partition)?.metadata;
      return metadata !== null && metadata !== undefined && (JSON.parse(metadata) as { n?: number }).n === Number(end.high);
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * A restore point deleted while the aggregator was down: it says so on
 * /healthz and in the metric, resumes from the earliest offset, never
 * replaces a speed row with a smaller one, and the batch layer (which landed
 * the deleted records) makes the serving view equal the truth.
 */
describe('a lost restore point is never a silent reset', () => {
  const name = uniqueName('lost');
  let config: PipelineConfig;
  let clickhouse: ClickHouse;
  let topic: string;
  const workers: { stop(): Promise<void> }[] = [];
  const client = () => createKafka(config.kafka, silentLogger, { logLevel: 'error' });

  afterAll(async () => {
    for (const worker of workers.reverse()) await worker.stop().catch(() => undefined);
    await clickhouse?.close();
  });

  it('reports the loss, holds the rebuilt window back, and ends with the serving view equal to the truth', async () => {
    topic = await createTestTopic(`${name}_events`, PARTITIONS);
    config = pipeline(name, topic);
    const kafka = testKafka();
    const before = generateEvents(config, { events: 1_200, rate: 1_000, seed: 31, startMs: START + 60_000, timeStepMs: 1_000, late: 0, duplicates: 0, outOfOrder: 0 }).records;
    const whileDown = generateEvents(config, { events: 1_200, rate: 1_000, seed: 32, startMs: START + 25 * 60_000, timeStepMs: 1_000, late: 0, duplicates: 0, outOfOrder: 0 }).records;
    // Hours later, on every partition: closes the hour in both layers.
    const later = generateEvents(config, { events: 300, rate: 1_000, seed: 33, startMs: START + 3 * HOUR, timeStepMs: 10, late: 0, duplicates: 0, outOfOrder: 0 }).records;
    expect(new Set(later.map((record) => record.partition)).size).toBe(PARTITIONS);

    clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const sink = new ServingSink({ config, kafka: client(), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    const compactor = new Compactor({ config, kafka: client(), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await sink.start();
    workers.push(sink);
    await compactor.start();
    workers.push(compactor);
    const first = new Aggregator({ config, kafka: client(), logger: silentLogger, metrics: new MetricsRegistry() });
    await first.start();

    await send(kafka, topic, before);
    const beforeTruth = truthOf(before);
    await waitFor(async () => (await committedNext(kafka, config, topic)) && differences(await served(clickhouse, config), beforeTruth).length === 0, { timeoutMs: 120_000, what: 'the open hour served from speed rows' });
    await first.stop();

    await send(kafka, topic, whileDown);
    const raw = qualifiedName(config.clickhouse.database, rawTableName('events'));
    const landed = async () => Number((await (await clickhouse.client.query({ query: `SELECT count() AS n FROM ${raw} FINAL`, format: 'JSONEachRow' })).json<{ n: string }>())[0]?.n);
    await waitFor(async () => (await landed()) === before.length + whileDown.length, { timeoutMs: 120_000, what: 'the compactor to land every record' });

    // Past the committed offset and past the read position N: records read before and records never read are gone.
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic);
    const perPartition = (records: readonly GeneratedEvent[], partition: number) => records.filter((record) => record.partition === partition).length;
    const deleteTo = ends.map(({ partition }) => ({ partition, offset: String(perPartition(before, partition) + Math.floor(perPartition(whileDown, partition) / 2)) }));
    await admin.deleteTopicRecords({ topic, partitions: deleteTo });
    await admin.disconnect();

    const metrics = new MetricsRegistry();
    const second = new Aggregator({ config, kafka: client(), logger: silentLogger, metrics });
    await second.start();
    workers.push(second);
    const health = await waitFor(() => {
      const lost = (second.details()['restorePointsLost'] ?? []) as { partition: number }[];
      return lost.length === PARTITIONS ? lost : undefined;
    }, { what: 'the lost restore points on /healthz' });
    expect(health).toEqual(
      expect.arrayContaining(deleteTo.map(({ partition, offset }) => expect.objectContaining({ topic, partition, cause: 'deleted', nextOffset: perPartition(before, partition), earliest: Number(offset) }))),
    );
    for (const { partition } of deleteTo) expect(metrics.render()).toContain(`sluice_aggregator_restore_point_lost_total{topic="${topic}",partition="${partition}"} 1`);
    expect(second.details()['progress']).toBe('ok');

    await send(kafka, topic, later);
    const truth = truthOf([...before, ...whileDown, ...later]);
    await waitFor(async () => differences(await served(clickhouse, config), truth).length === 0, { timeoutMs: 180_000, what: 'the serving view to equal the truth' });
    const view = await served(clickhouse, config);
    for (const [key, [, , source]] of view) expect({ key, source }).toEqual({ key, source: Number(key.split('|')[0]) === START ? 'batch' : 'speed' });

    // Every speed row, in version order per key, as the sink's ReplacingMergeTree sees them: none ever shrinks.
    const definition = config.views[0]!;
    const rows = (await readAllRecords(config.kafka.topics.results)).flatMap((record) => {
      const pack = JSON.parse(String(record.value)) as ResultPack;
      return pack.rows.map((row) => unpackRow(definition, pack.partition, row));
    });
    const byKey = new Map<string, { version: number; events: number }[]>();
    for (const row of rows) {
      const key = `${row.windowStart}|${row.group.join('|')}|${row.partition}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { version: row.version, events: (row.states['events'] as { count: number }).count }]);
    }
    expect(byKey.size).toBeGreaterThan(0);
    const shrunk: string[] = [];
    for (const [key, versions] of byKey) {
      const ordered = versions.sort((a, b) => a.version - b.version);
      for (let index = 1; index < ordered.length; index++) {
        if (ordered[index]!.events < ordered[index - 1]!.events) shrunk.push(`${key} v${ordered[index]!.version}: ${ordered[index]!.events} < ${ordered[index - 1]!.events}`);
      }
    }
    expect(shrunk).toEqual([]);
  });
});
