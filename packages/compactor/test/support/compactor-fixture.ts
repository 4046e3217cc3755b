import { isDeepStrictEqual } from 'node:util';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { batchTableName, finalTableName, parsePipeline, qualifiedName, silentLogger, type PipelineConfig, type ViewDefinition } from '@sluice/core';
import { directSender, type GeneratedEvent } from '@sluice/producer';
import type { TruthRow } from '@sluice/testkit';
import { createTestTopic, testBrokers } from '../../../../test/support/kafka';
import { uniqueName } from '../../../../test/support/unique-name';
import { waitFor } from '../../../../test/support/wait-for';

/** Views that exercise every window shape and measure; periods of 10 minutes so a run spans several. */
export const TEST_VIEWS = `
  - name: pages
    source: events
    where: { type: page_view }
    window: { type: tumbling, size: 1m }
    lateness: 5s
    period: 10m
    groupBy: [page, country]
    measures: { views: count, users: uniq(user_id), total_ms: sum(latency_ms), min_ms: min(latency_ms), max_ms: max(latency_ms), avg_ms: avg(latency_ms), p90_ms: "quantile(0.9, latency_ms)" }
  - name: revenue
    source: events
    window: { type: hopping, size: 5m, hop: 1m }
    lateness: 5s
    period: 10m
    groupBy: [country]
    measures: { events: count, revenue: sum(amount), max_amount: max(amount) }
  - name: visits
    source: events
    window: { type: session, gap: 2m }
    lateness: 5s
    period: 10m
    groupBy: [user_id]
    measures: { events: count, max_ms: max(latency_ms) }
`;

export interface PipelineOptions {
  readonly topic: string;
  readonly database: string;
  readonly clickhouseUrl: string;
  readonly partitions: number;
  readonly views?: string;
  readonly opsPort?: number;
  /** Makes the source an Avro one, read through the registry at this URL. */
  readonly schemaRegistryUrl?: string;
  /** The login of a served ClickHouse at clickhouseUrl. */
  readonly clickhouseCredentials?: { readonly user: string; readonly password: string };
  /** The `retention` section, as a YAML flow mapping. */
  readonly retention?: string;
}

/** The YAML text of a test pipeline: fast flushes and cycles, a short idle timeout. */
export function pipelineYaml(options: PipelineOptions): string {
  return `
name: ${uniqueName('pipe')}
kafka: { brokers: ${JSON.stringify(testBrokers())}, topics: { deadLetter: ${options.topic}_dlq } }
clickhouse: { url: "${options.clickhouseUrl}", database: ${options.database}${options.clickhouseCredentials === undefined ? '' : `, user: ${options.clickhouseCredentials.user}, password: ${options.clickhouseCredentials.password}`} }
aggregator: { maxOutOfOrderness: 1s, idleTimeout: 1s }
compactor: { batchEvents: 400, flushInterval: 200ms, cycleInterval: 300ms, opsPort: ${options.opsPort ?? 0} }
${options.schemaRegistryUrl === undefined ? '' : `schemaRegistry: { url: "${options.schemaRegistryUrl}" }`}
${options.retention === undefined ? '' : `retention: ${options.retention}`}
sources:
  events: { topic: ${options.topic}, key: user_id, timestamp: ts, partitions: ${options.partitions}${options.schemaRegistryUrl === undefined ? '' : ', format: avro'} }
views:${options.views ?? TEST_VIEWS}`;
}

/** A test pipeline on its own topic and database. */
export async function testPipeline(partitions = 3, clickhouseUrl = 'embedded:memory', extra: Partial<PipelineOptions> = {}): Promise<{ config: PipelineConfig; yaml: string }> {
  const topic = await createTestTopic('compactor', partitions);
  const yaml = pipelineYaml({ topic, database: uniqueName('db'), clickhouseUrl, partitions, ...extra });
  return { config: parsePipeline(yaml, { env: {}, origin: 'test' }), yaml };
}

/** Opens the pipeline's ClickHouse (creating its database). */
export function openClickHouse(config: PipelineConfig): Promise<ClickHouse> {
  return createClickHouse(config.clickhouse, { ensureDatabase: true });
}

/** Sends generated records to the source topic in send order, as the load generator's direct sender does. */
export async function sendRecords(config: PipelineConfig, records: readonly GeneratedEvent[]): Promise<void> {
  const source = Object.values(config.sources)[0];
  if (!source) throw new Error('no source');
  const sender = await directSender({ kafka: config.kafka, topic: source.topic, compression: 'none', logger: silentLogger });
  try {
    for (let i = 0; i < records.length; i += 500) await sender.send(records.slice(i, i + 500));
  } finally {
    await sender.close();
  }
}

/** The served batch rows of a view: the newest final generation of every period, as truth rows. */
export async function finalBatchRows(client: ClickHouseClient, config: PipelineConfig, view: ViewDefinition): Promise<TruthRow[]> {
  const db = config.clickhouse.database;
  const result = await client.query({
    query: `SELECT *, toUnixTimestamp64Milli(window_start) AS ws, toUnixTimestamp64Milli(window_end) AS we FROM ${qualifiedName(db, batchTableName(view.name))}
      WHERE (period_start, generation) IN (SELECT period_start, max(generation) FROM ${qualifiedName(db, finalTableName(view.name))} GROUP BY period_start)`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, unknown>>();
  return rows.map((row) => ({
    windowStart: Number(row['ws']),
    windowEnd: Number(row['we']),
    group: view.groupBy.map((field) => String(row[field])),
    measures: Object.fromEntries(view.measures.map((m) => [m.name, row[m.name] === null ? null : Number(row[m.name])])),
  }));
}

/**
 * The served batch rows of every view, once they equal the truth or after
 * `timeoutMs`, keyed by view, so one `toEqual` against the truth shows every difference.
 */
export async function batchRowsAgainstTruth(
  client: ClickHouseClient,
  config: PipelineConfig,
  truth: Readonly<Record<string, { readonly rows: readonly TruthRow[] } | undefined>>,
  timeoutMs = 60_000,
): Promise<{ actual: Record<string, unknown>; expected: Record<string, unknown> }> {
  const actual: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const view of config.views) {
    const want = normalized(truth[view.name]?.rows ?? []);
    expected[view.name] = want;
    actual[view.name] = await waitFor(
      async () => {
        const rows = normalized(await finalBatchRows(client, config, view));
        return isDeepStrictEqual(rows, want) ? rows : undefined;
      },
      { what: `${view.name} batch rows equal to the truth`, timeoutMs },
    ).catch(async () => normalized(await finalBatchRows(client, config, view)));
  }
  return { actual, expected };
}

/** Rows keyed by window and group, measures rounded so float sums compare regardless of addition order. */
export function normalized(rows: readonly TruthRow[]): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const row of rows) {
    const measures = Object.fromEntries(Object.entries(row.measures).map(([name, value]) => [name, value === null ? null : Number(value.toPrecision(12))]));
    out[`${row.windowStart}|${row.windowEnd}|${row.group.join('|')}`] = measures;
  }
  return out;
}

/** Truth rows of the periods that are final in `finalPeriods`, so a comparison covers exactly what batch has made final. */
export function truthInPeriods(rows: readonly TruthRow[], view: ViewDefinition, finalPeriods: ReadonlySet<number>): TruthRow[] {
  return rows.filter((row) => finalPeriods.has(Math.floor(row.windowStart / view.periodMs) * view.periodMs));
}

/** Period starts that are final for a view. */
export async function finalPeriods(client: ClickHouseClient, config: PipelineConfig, view: ViewDefinition): Promise<Set<number>> {
  const result = await client.query({
    query: `SELECT DISTINCT toUnixTimestamp64Milli(period_start) AS p FROM ${qualifiedName(config.clickhouse.database, finalTableName(view.name))}`,
    format: 'JSONEachRow',
  });
  return new Set((await result.json<{ p: string | number }>()).map((row) => Number(row.p)));
}

/** One number from a query's first row. */
export async function scalar(client: ClickHouseClient, query: string): Promise<number> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  const [row] = await result.json<Record<string, unknown>>();
  return Number(Object.values(row ?? {})[0] ?? 0);
}
