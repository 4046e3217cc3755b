import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { DEAD_LETTER_HEADERS, parsePipeline, type PipelineConfig } from '@sluice/core';
import { readAllRecords, testBrokers, testKafka } from '../support/kafka';
import { seededRandom } from '../support/seeded-random';
import { freeUpPorts, startSluiceUp, type SluiceUp, type UpPorts } from '../support/sluice-up';
import { uniqueName } from '../support/unique-name';
import { COUNTED_EVENT_CASES, COUNTED_RECORD_CASES, EVENT_CASES, LIMITS, RECORD_CASES, REQUEST_CASES } from './hostile-cases';
import { countKey, knownTraffic, WINDOW_MS, type AppEvent } from './normal-traffic';

/**
 * The seeded hostile-input suite: a real `sluice up` (local Kafka, embedded
 * ClickHouse served over HTTP, every worker its own process) fed normal
 * traffic of known truth over HTTP and straight into Kafka, mixed with every
 * class of broken input in hostile-cases.ts. Every worker must stay up, the
 * normal events must be counted exactly by both layers, and every bad input
 * must end refused with its reason or dead-lettered with its reason.
 */

jest.setTimeout(600_000);

const SEED = 20_261_202;
const FLOOD_EVENTS = 40_000;
const MAX_GROUPS = 200;
/** The aggregator's peak resident memory allowed through the whole run, unique-key flood included. */
const AGGREGATOR_RSS_BOUND = 512 * 1024 * 1024;
const PERIOD_MS = 60_000;
/** Normal events per request; each request also carries one bad event and one accepted oddity. */
const CHUNK_EVENTS = 50;

function configYaml(name: string, dir: string, ports: UpPorts): string {
  return `name: ${name}
kafka: { brokers: [${JSON.stringify(testBrokers()[0])}] }
clickhouse: { url: "embedded:${join(dir, 'clickhouse')}", database: ${name} }
ingest: { port: ${ports.ingest}, opsPort: ${ports.ingestOps}, maxBodyBytes: ${LIMITS.maxBodyBytes}, maxEventBytes: ${LIMITS.maxEventBytes}, maxEventsPerRequest: ${LIMITS.maxEventsPerRequest}, maxGroupValueLength: ${LIMITS.maxGroupValueLength} }
dashboard: { port: ${ports.dashboard} }
aggregator: { opsPort: ${ports.aggregator}, updateInterval: 500ms, maxOutOfOrderness: 1s, idleTimeout: 1s, commitInterval: 1s }
sink: { opsPort: ${ports.sink}, flushInterval: 200ms }
compactor: { opsPort: ${ports.compactor}, cycleInterval: 1s }
sources:
  events: { topic: ${name}_events, key: user_id, timestamp: ts, partitions: 2, fields: { latency_ms: number } }
views:
  - name: page_views
    source: events
    window: { type: tumbling, size: 10s }
    period: 1m
    lateness: 1m
    groupBy: [page]
    maxGroupsPerWindow: ${MAX_GROUPS}
    measures: { views: count }
`;
}

/** Where each input ended, by class: the closing table of the suite. */
const outcomes: { input: string; records: number; ended: string }[] = [];

describe('hostile input against sluice up', () => {
  const name = uniqueName('hostile');
  const random = seededRandom(SEED);
  let config: PipelineConfig;
  let ports: UpPorts;
  let up: SluiceUp;
  let dataDir: string;
  let clickhouse: ClickHouseClient;
  let now: number;
  /** Region A: normal traffic and the accepted oddities; region B: the unique-key flood, in one window. */
  let regionA: number;
  let floodWindow: number;
  const speedTruth = new Map<string, number>();
  const batchTruth = new Map<string, number>();
  /** The source records written for the dead-letter cases: `partition/offset` -> case. */
  const poisoned = new Map<string, (typeof RECORD_CASES)[number]>();

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-hostile-'));
    dataDir = join(dir, 'data');
    ports = await freeUpPorts();
    const yaml = configYaml(name, dir, ports);
    config = parsePipeline(yaml, { env: {}, origin: 'hostile suite' });
    await writeFile(join(dir, 'sluice.yaml'), yaml);
    up = startSluiceUp(join(dir, 'sluice.yaml'), dataDir, ports.clickhouse);
    await up.ready();
    // The served ClickHouse wants the credentials `sluice up` generated, from its 0600 serve file.
    const serve = JSON.parse(await readFile(join(dir, 'clickhouse.serve.json'), 'utf8')) as { url: string; user: string; password: string };
    clickhouse = createClient({ url: serve.url, username: serve.user, password: serve.password, database: name });
    now = Date.now();
    regionA = Math.floor((now - 2 * 3_600_000) / PERIOD_MS) * PERIOD_MS;
    floodWindow = regionA + 10 * PERIOD_MS;
  });

  afterAll(async () => {
    await clickhouse?.close();
    if (up?.child.exitCode === null) up.child.kill('SIGKILL');
    process.stdout.write(`hostile inputs and where they ended:\n${outcomes.map((o) => `  ${o.input}: ${o.records} record(s) -> ${o.ended}`).join('\n')}\n`);
  });

  it('refuses each bad event of a batch with its reason and accepts its valid neighbours', async () => {
    const traffic = knownTraffic(SEED, regionA, 3 * PERIOD_MS, { count: 3_000, duplicated: 100, withoutId: 100 });
    const ordered = [...traffic.events].sort((a, b) => a.ts - b.ts);
    addAll(speedTruth, traffic.speedCounts);
    addAll(batchTruth, traffic.batchCounts);
    const tried = new Map<string, number>();
    const producer = testKafka().producer();
    await producer.connect();
    try {
      const chunks = chunk(ordered, CHUNK_EVENTS);
      for (const [index, events] of chunks.entries()) {
        // One in six events of each chunk goes straight into Kafka, as another producer would write it.
        const direct = events.filter((_, i) => i % 6 === 0);
        const viaHttp = events.filter((_, i) => i % 6 !== 0);
        await producer.send({ topic: config.sources['events']!.topic, acks: -1, messages: direct.map((event) => ({ key: event.user_id, value: JSON.stringify(event) })) });
        const at = events[0]!.ts;
        const bad = EVENT_CASES[index % EVENT_CASES.length]!;
        const counted = COUNTED_EVENT_CASES[index % COUNTED_EVENT_CASES.length]!;
        // An accepted oddity written straight into Kafka, at the chunk's time so it is as on time as its neighbours.
        const record = COUNTED_RECORD_CASES[index % COUNTED_RECORD_CASES.length]!;
        await producer.send({ topic: config.sources['events']!.topic, acks: -1, messages: [{ key: `k${index}`, value: record.event(at, index) }] });
        count(speedTruth, at, record.page);
        count(batchTruth, at, record.page);
        const lines: (string | Buffer)[] = viaHttp.map((event) => JSON.stringify(event));
        const badAt = Math.floor(random() * (lines.length + 1));
        lines.splice(badAt, 0, bad.line(now));
        lines.push(counted.event(at, index));
        count(speedTruth, at, counted.page);
        count(batchTruth, at, counted.page);
        for (const name of [`event: ${bad.name}`, `event: ${counted.name}`, `record: ${record.name}`]) tried.set(name, (tried.get(name) ?? 0) + 1);
        const answer = await postNdjson(Buffer.concat(lines.map((line, i) => Buffer.concat([i === 0 ? Buffer.alloc(0) : Buffer.from('\n'), Buffer.from(line)]))));
        expect({ case: bad.name, status: answer.status, rejected: rejectedReasons(answer.body) }).toEqual({ case: bad.name, status: 202, rejected: [{ index: badAt, reason: bad.reason }] });
        expect(answer.body['accepted']).toBe(viaHttp.length + 1);
      }
    } finally {
      await producer.disconnect();
    }
    const triedOf = (name: string) => tried.get(name) ?? 0;
    for (const bad of EVENT_CASES) outcomes.push({ input: `event: ${bad.name}`, records: triedOf(`event: ${bad.name}`), ended: `listed as rejected in a 202, reason ${bad.reason}` });
    for (const counted of COUNTED_EVENT_CASES) outcomes.push({ input: `event: ${counted.name}`, records: triedOf(`event: ${counted.name}`), ended: `counted under ${counted.page} by both layers` });
    for (const counted of COUNTED_RECORD_CASES) outcomes.push({ input: `record: ${counted.name}`, records: triedOf(`record: ${counted.name}`), ended: `counted under ${JSON.stringify(counted.page)} by both layers` });
    outcomes.push({ input: 'normal events (unique ids, HTTP and direct)', records: 3_000, ended: 'counted' });
    outcomes.push({ input: 'duplicate ids (a retrying device)', records: 200, ended: 'speed counts every delivery, batch each id once' });
    outcomes.push({ input: 'missing ids', records: 100, ended: 'counted once each by both layers' });
  });

  it('refuses each bad request whole, with its reason and a small answer', async () => {
    for (const bad of REQUEST_CASES) {
      const response = await fetch(`http://127.0.0.1:${ports.ingest}/v1/events`, { method: 'POST', headers: bad.headers, body: new Uint8Array(bad.body(now)) });
      const text = await response.text();
      expect({ case: bad.name, status: response.status, error: (JSON.parse(text) as { error?: string }).error }).toEqual({ case: bad.name, status: bad.status, error: bad.reason });
      expect(text.length).toBeLessThan(16_384);
      outcomes.push({ input: `request: ${bad.name}`, records: bad.events, ended: `${bad.status} ${bad.reason}` });
    }
  });

  it('folds a unique-key flood past maxGroupsPerWindow into one overflow group, within the memory bound', async () => {
    const floodEvents: AppEvent[] = Array.from({ length: FLOOD_EVENTS }, (_, i) => ({ event_id: `flood-${i}`, user_id: `fu${i}`, ts: floodWindow + (i % WINDOW_MS), page: `/flood-${i}` }));
    for (const events of chunk(floodEvents, LIMITS.maxEventsPerRequest)) {
      const answer = await postNdjson(Buffer.from(events.map((event) => JSON.stringify(event)).join('\n')));
      expect({ status: answer.status, accepted: answer.body['accepted'] }).toEqual({ status: 202, accepted: events.length });
    }
    const speed = await up.waitWhileUp(
      async () => {
        const [row] = await rows<{ groups: number; events: number; other: number }>(
          `SELECT uniqExact(page) AS groups, sum(views__count) AS events, sumIf(views__count, page = '__other__') AS other
           FROM page_views__speed FINAL WHERE is_deleted = 0 AND window_start = fromUnixTimestamp64Milli(toInt64(${floodWindow}), 'UTC')`,
        );
        return row !== undefined && Number(row.events) === FLOOD_EVENTS ? row : undefined;
      },
      { timeoutMs: 240_000, what: 'the flood window in the speed table' },
    );
    // Each of the two source partitions keeps at most MAX_GROUPS groups of its own, plus the shared overflow group.
    expect(Number(speed.groups)).toBeLessThanOrEqual(2 * MAX_GROUPS + 1);
    expect(Number(speed.other)).toBeGreaterThanOrEqual(FLOOD_EVENTS - 2 * MAX_GROUPS);
    const metrics = await (await fetch(`http://127.0.0.1:${ports.aggregator}/metrics`)).text();
    expect(metricValue(metrics, 'sluice_aggregator_overflow_events_total{view="page_views"}')).toBe(Number(speed.other));
    const peak = metricValue(metrics, 'process_max_resident_memory_bytes');
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(AGGREGATOR_RSS_BOUND);
    outcomes.push({ input: 'unique-key flood', records: FLOOD_EVENTS, ended: `speed: ${speed.groups} groups (overflow ${speed.other} events); aggregator peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB (bound ${AGGREGATOR_RSS_BOUND / 1024 / 1024} MiB)` });
    batchTruth.set(countKey(floodWindow, '*'), FLOOD_EVENTS);
  });

  it('dead-letters each poison record a foreign producer writes, with its reason and origin', async () => {
    const producer = testKafka().producer();
    await producer.connect();
    try {
      for (const bad of RECORD_CASES) {
        for (const partition of [0, 1]) {
          const [sent] = await producer.send({ topic: config.sources['events']!.topic, acks: -1, messages: [{ partition, key: 'poison', value: bad.value(now) }] });
          poisoned.set(`${partition}/${sent!.baseOffset}`, bad);
        }
        outcomes.push({ input: `record: ${bad.name}`, records: 2, ended: `dead-lettered, reason ${bad.reason.source}` });
      }
    } finally {
      await producer.disconnect();
    }
    const deadLetters = await up.waitWhileUp(
      async () => {
        const records = await readAllRecords(config.kafka.topics.deadLetter);
        const origins = new Set(records.map((record) => `${header(record.headers, DEAD_LETTER_HEADERS.partition)}/${header(record.headers, DEAD_LETTER_HEADERS.offset)}`));
        return [...poisoned.keys()].every((origin) => origins.has(origin)) ? records : undefined;
      },
      { timeoutMs: 120_000, what: 'a dead letter for every poison record' },
    );
    const problems: string[] = [];
    for (const record of deadLetters) {
      const origin = `${header(record.headers, DEAD_LETTER_HEADERS.partition)}/${header(record.headers, DEAD_LETTER_HEADERS.offset)}`;
      const reason = header(record.headers, DEAD_LETTER_HEADERS.reason) ?? '';
      const expected = poisoned.get(origin);
      if (header(record.headers, DEAD_LETTER_HEADERS.topic) !== config.sources['events']!.topic) problems.push(`${origin}: from topic ${header(record.headers, DEAD_LETTER_HEADERS.topic)}`);
      if (expected === undefined) problems.push(`${origin}: dead-lettered but not a poison record (${reason})`);
      else if (!expected.reason.test(reason)) problems.push(`${origin} (${expected.name}): reason ${reason}, expected ${expected.reason.source}`);
    }
    expect(problems).toEqual([]);
  });

  it('counts the normal events exactly in the speed layer', async () => {
    const expected = sortedEntries(speedTruth);
    const actual = await up.waitWhileUp(
      async () => {
        const found = await rows<{ ws: string; page: string; views: string }>(
          `SELECT toUnixTimestamp64Milli(window_start) AS ws, page, sum(views__count) AS views FROM page_views__speed FINAL
           WHERE is_deleted = 0 AND window_start < fromUnixTimestamp64Milli(toInt64(${floodWindow}), 'UTC') GROUP BY ws, page`,
        );
        const entries = sortedEntries(new Map(found.map((row) => [countKey(Number(row.ws), row.page), Number(row.views)])));
        return JSON.stringify(entries) === JSON.stringify(expected) ? entries : undefined;
      },
      { timeoutMs: 240_000, what: 'the speed table to equal the speed truth' },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await speedDiff()}`);
    });
    expect(actual).toEqual(expected);
  });

  it('counts the normal events exactly in the batch layer, and the serving view shows batch rows', async () => {
    const periods = new Set([...batchTruth.keys()].map((key) => Math.floor(Number(key.split('|')[0]) / PERIOD_MS) * PERIOD_MS));
    await up.waitWhileUp(
      async () => {
        const found = await rows<{ p: string }>(`SELECT toUnixTimestamp64Milli(period_start) AS p FROM page_views__final`);
        const final = new Set(found.map((row) => Number(row.p)));
        return [...periods].every((period) => final.has(period));
      },
      { timeoutMs: 300_000, what: `every period of the run final (${periods.size})` },
    );
    const served = await rows<{ ws: string; page: string; views: string; source: string }>(
      `SELECT toUnixTimestamp64Milli(window_start) AS ws, page, toUInt64(views) AS views, source FROM page_views
       WHERE window_start >= fromUnixTimestamp64Milli(toInt64(${regionA}), 'UTC')`,
    );
    expect(new Set(served.map((row) => row.source))).toEqual(new Set(['batch']));
    const flood = served.filter((row) => Number(row.ws) === floodWindow);
    expect(flood.reduce((sum, row) => sum + Number(row.views), 0)).toBe(FLOOD_EVENTS);
    const normal = new Map(served.filter((row) => Number(row.ws) !== floodWindow).map((row) => [countKey(Number(row.ws), row.page), Number(row.views)]));
    const expected = new Map([...batchTruth].filter(([key]) => !key.endsWith('|*')));
    expect(sortedEntries(normal)).toEqual(sortedEntries(expected));
  });

  it('kept every worker and sluice up running, and stops cleanly on Ctrl-C', async () => {
    for (const [role, port] of [['aggregator', ports.aggregator], ['sink', ports.sink], ['compactor', ports.compactor], ['ingest', ports.ingestOps]] as const) {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect({ role, status: health.status }).toEqual({ role, status: 200 });
    }
    expect(up.child.exitCode).toBeNull();
    const logs = join(dataDir, 'logs');
    for (const file of await readdir(logs)) {
      const text = await readFile(join(logs, file), 'utf8');
      expect({ file, fatal: text.split('\n').filter((line) => /"level":"(error|fatal)"/.test(line) && /exit|crash|uncaught/i.test(line)) }).toEqual({ file, fatal: [] });
    }
    expect(up.output()).not.toMatch(/exited with code|stopped unexpectedly/);
    expect(await up.interrupt()).toBe(0);
  });

  async function postNdjson(body: Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${ports.ingest}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: new Uint8Array(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function rows<T>(query: string): Promise<T[]> {
    return (await clickhouse.query({ query, format: 'JSONEachRow' })).json<T>();
  }

  async function speedDiff(): Promise<string> {
    const found = await rows<{ ws: string; page: string; views: string }>(
      `SELECT toUnixTimestamp64Milli(window_start) AS ws, page, sum(views__count) AS views FROM page_views__speed FINAL
       WHERE is_deleted = 0 AND window_start < fromUnixTimestamp64Milli(toInt64(${floodWindow}), 'UTC') GROUP BY ws, page`,
    );
    const actual = new Map(found.map((row) => [countKey(Number(row.ws), row.page), Number(row.views)]));
    const lines: string[] = [];
    for (const [key, want] of speedTruth) if (actual.get(key) !== want) lines.push(`${key}: ${actual.get(key)} (expected ${want})`);
    for (const [key, got] of actual) if (!speedTruth.has(key)) lines.push(`${key}: ${got} (not expected)`);
    return lines.slice(0, 30).join('\n');
  }
});

function rejectedReasons(body: Record<string, unknown>): { index: number; reason: string }[] {
  return ((body['rejected'] as { index: number; reason: string }[] | undefined) ?? []).map(({ index, reason }) => ({ index, reason }));
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : String(value);
}

function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}

function count(counts: Map<string, number>, ts: number, page: string): void {
  const key = countKey(Math.floor(ts / WINDOW_MS) * WINDOW_MS, page);
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function addAll(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [key, value] of from) into.set(key, (into.get(key) ?? 0) + value);
}

function sortedEntries(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let from = 0; from < items.length; from += size) chunks.push(items.slice(from, from + size));
  return chunks;
}
