import { clickHouseStorage, createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { MetricsRegistry, parsePipeline, qualifiedName, quoteIdentifier, silentLogger, type Measure, type PipelineConfig } from '@sluice/core';
import { createKafka, ensureTopics } from '@sluice/kafka';
import { Aggregator } from '@sluice/aggregator';
import { generateEvents } from '@sluice/producer';
import { computeTruth, type TruthFile, type TruthRow } from '@sluice/testkit';
import { ServingSink } from '@sluice/sink';
import { testBrokers } from '../../../test/support/kafka';
import { SMALL_WINDOW_VIEWS_YAML } from '../../../test/support/small-window-views';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';
import { caughtUp } from './support/sink-harness';

jest.setTimeout(300_000);

function pipeline(name: string): PipelineConfig {
  return parsePipeline(
    `
name: ${name}
kafka: { brokers: ${JSON.stringify(testBrokers())}, clientId: ${name}, topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq } }
clickhouse: { url: "embedded:memory", database: ${name} }
aggregator: { opsPort: 0, updateInterval: 500, maxOutOfOrderness: 2000, idleTimeout: 1500, commitInterval: 1000 }
sink: { opsPort: 0, batchRows: 500, flushInterval: 200ms }
sources:
  events: { topic: ${name}.events, key: user_id, timestamp: ts, partitions: 3 }
views:${SMALL_WINDOW_VIEWS_YAML}`,
    { env: {}, origin: 'end-to-end' },
  );
}

/** The documented error bounds: exact for count/sum/min/max/avg, HLL p=14 for uniq, DDSketch 1% for quantile. */
function allowedError(measure: Measure, exact: number): number {
  if (measure.kind === 'uniq') return Math.max(2, 0.0325 * exact);
  if (measure.kind === 'quantile') return 0.01 * Math.abs(exact) * (1 + 1e-9);
  return 1e-9 * Math.max(1, Math.abs(exact));
}

describe('end to end: generated events -> aggregator -> results topic -> sink -> serving view', () => {
  const name = uniqueName('e2e');
  const config = pipeline(name);
  let truth: TruthFile;
  let clickhouse: ClickHouse;

  beforeAll(async () => {
    const kafka = createKafka(config.kafka, silentLogger, { logLevel: 'error' });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: `${name}.events`, partitions: 3 }]);
    const run = generateEvents(config, { events: 3_000, rate: 1_000, duplicates: 0.02, outOfOrder: 0.1, seed: 5, startMs: Date.now() - 60 * 60_000, timeStepMs: 40 });
    truth = computeTruth(config, run);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let from = 0; from < run.records.length; from += 1_000) {
      const messages = run.records.slice(from, from + 1_000).map((record) => ({ key: record.key, partition: record.partition, value: JSON.stringify(record.event) }));
      await producer.send({ topic: `${name}.events`, acks: -1, messages });
    }
    await producer.disconnect();

    clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const metrics = new MetricsRegistry();
    const aggregator = new Aggregator({ config, kafka, logger: silentLogger, metrics });
    const sink = new ServingSink({ config, kafka, storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await sink.start();
    await aggregator.start();
    const entries = metrics.gauge('sluice_aggregator_state_entries', '');
    const results = metrics.counter('sluice_aggregator_results_total', '');
    const closed = (view: string) => results.get({ view, kind: 'final' }) > 0 && entries.get({ view }) === 0;
    await waitFor(() => config.views.every((view) => closed(view.name)), { timeoutMs: 120_000, what: 'every window closed' });
    await aggregator.stop();
    await waitFor(() => caughtUp(admin, `${name}-sink`, config.kafka.topics.results), { timeoutMs: 60_000, what: 'sink to commit every result' });
    await sink.stop();
    await admin.disconnect();
  });

  afterAll(async () => {
    await clickhouse?.close();
  });

  it.each(['pages_10s', 'types_20s', 'sessions'])('%s: the serving view equals the speed truth for every closed window', async (viewName) => {
    const view = config.views.find((candidate) => candidate.name === viewName)!;
    const columns = [...view.groupBy, ...view.measures.map((measure) => measure.name)].map(quoteIdentifier).join(', ');
    const served = await (
      await clickhouse.client.query({
        query: `SELECT toUnixTimestamp64Milli(window_start) AS ws, toUnixTimestamp64Milli(window_end) AS we, source, ${columns} FROM ${qualifiedName(name, viewName)}`,
        format: 'JSONEachRow',
      })
    ).json<Record<string, unknown>>();
    const key = (windowStart: number, group: readonly string[]) => `${windowStart}|${JSON.stringify(group)}`;
    const byKey = new Map(served.map((row) => [key(Number(row['ws']), view.groupBy.map((field) => String(row[field]))), row]));
    const expected: TruthRow[] = truth.views[viewName]!.speedRows;
    expect(expected.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const want of expected) {
      const got = byKey.get(key(want.windowStart, want.group));
      byKey.delete(key(want.windowStart, want.group));
      if (!got) {
        problems.push(`missing ${key(want.windowStart, want.group)}`);
        continue;
      }
      if (Number(got['we']) !== want.windowEnd) problems.push(`${key(want.windowStart, want.group)} ends ${String(got['we'])}, expected ${want.windowEnd}`);
      if (got['source'] !== 'speed') problems.push(`${key(want.windowStart, want.group)} from ${String(got['source'])}`);
      for (const measure of view.measures) {
        const a = got[measure.name] === null ? null : Number(got[measure.name]);
        const b = want.measures[measure.name] ?? null;
        const ok = a === null || b === null ? a === b : Math.abs(a - b) <= allowedError(measure, b);
        if (!ok) problems.push(`${key(want.windowStart, want.group)} ${measure.name} = ${a}, expected ${b}`);
      }
    }
    for (const extra of byKey.keys()) problems.push(`unexpected ${extra}`);
    expect(problems).toEqual([]);
  });
});
