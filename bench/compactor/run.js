// The batch layer in embedded ClickHouse (chDB), two figures:
// 1. Landing: raw events per second into `<source>__raw` exactly as the
//    compactor lands them (JSONEachRow batches of config.compactor.batchEvents
//    per partition, insert tokens, ReplacingMergeTree keyed by partition and
//    offset). Peer: the same rows inserted into a plain MergeTree without tokens.
// 2. Recompute: the INSERT ... SELECT that Sluice generates from the view
//    definition, against an INSERT ... SELECT written by hand for the same view
//    (same dedup by event_id, same exact uniq/quantile), over the same raw rows,
//    alternating, in the same process. Reports raw rows scanned per second and
//    the generated/hand-written time ratio (goal: <= 1.2).
// Views: a tumbling minute, a 5m/1m hopping window, a 30m session window.
// Medians of RUNS runs. Wall time: chDB runs its own threads.
// Usage: npx turbo run build --filter=@sluice/compactor --filter=@sluice/producer && node bench/compactor/run.js [events] [runs]
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const core = require('../../packages/core/dist');
const { createClickHouse } = require('../../packages/clickhouse/dist');
const { toRawRow } = require('../../packages/compactor/dist');
const { generateEvents } = require('../../packages/producer/dist');

const EVENTS = Number(process.argv[2] ?? 200_000);
const RUNS = Number(process.argv[3] ?? 5);
const DB = 'bench';

const YAML = `
clickhouse: { url: "embedded:memory", database: ${DB} }
sources:
  events: { topic: events, key: user_id, timestamp: ts, partitions: 6 }
views:
  - name: page_views_1m
    source: events
    where: { type: page_view }
    window: { type: tumbling, size: 1m }
    groupBy: [page, country]
    measures: { views: count, users: uniq(user_id), avg_ms: avg(latency_ms), p95_ms: "quantile(0.95, latency_ms)" }
  - name: revenue_5m
    source: events
    where: { type: purchase }
    window: { type: hopping, size: 5m, hop: 1m }
    groupBy: [country]
    measures: { purchases: count, revenue: sum(amount), max_amount: max(amount) }
  - name: sessions
    source: events
    window: { type: session, gap: 30m }
    groupBy: [user_id]
    measures: { events: count, max_ms: max(latency_ms) }
`;

/** What a person would write for each view, over the same raw table and range. */
const HAND_WRITTEN = {
  page_views_1m: (from, to) => `
INSERT INTO ${DB}.hand_page_views_1m
SELECT toStartOfMinute(event_time) AS window_start, window_start + INTERVAL 1 MINUTE AS window_end, page, country,
       count() AS views, uniqExact(user_id) AS users, avg(latency_ms) AS avg_ms, quantileExact(0.95)(latency_ms) AS p95_ms,
       toStartOfHour(window_start) AS period_start, 1 AS generation
FROM (
  SELECT event_time, JSONExtractString(raw, 'page') AS page, JSONExtractString(raw, 'country') AS country,
         JSONExtractString(raw, 'user_id') AS user_id, JSONExtract(raw, 'latency_ms', 'Nullable(Float64)') AS latency_ms
  FROM ${DB}.events__raw
  WHERE event_time >= fromUnixTimestamp64Milli(${from}, 'UTC') AND event_time < fromUnixTimestamp64Milli(${to}, 'UTC')
    AND JSONExtractString(raw, 'type') = 'page_view'
  LIMIT 1 BY event_id
)
GROUP BY window_start, page, country`,
  revenue_5m: (from, to) => `
INSERT INTO ${DB}.hand_revenue_5m
SELECT ws AS window_start, ws + INTERVAL 5 MINUTE AS window_end, country,
       count() AS purchases, sum(amount) AS revenue, max(amount) AS max_amount, toStartOfHour(ws) AS period_start, 1 AS generation
FROM (
  SELECT arrayJoin([toStartOfMinute(event_time) - INTERVAL 4 MINUTE, toStartOfMinute(event_time) - INTERVAL 3 MINUTE, toStartOfMinute(event_time) - INTERVAL 2 MINUTE,
                    toStartOfMinute(event_time) - INTERVAL 1 MINUTE, toStartOfMinute(event_time)]) AS ws,
         JSONExtractString(raw, 'country') AS country, JSONExtract(raw, 'amount', 'Nullable(Float64)') AS amount
  FROM (SELECT * FROM ${DB}.events__raw
        WHERE event_time >= fromUnixTimestamp64Milli(${from - 240_000}, 'UTC') AND event_time < fromUnixTimestamp64Milli(${to + 240_000}, 'UTC')
          AND JSONExtractString(raw, 'type') = 'purchase'
        LIMIT 1 BY event_id)
)
WHERE ws >= fromUnixTimestamp64Milli(${from}, 'UTC') AND ws < fromUnixTimestamp64Milli(${to}, 'UTC')
GROUP BY ws, country`,
  sessions: (from, to) => `
INSERT INTO ${DB}.hand_sessions
SELECT fromUnixTimestamp64Milli(min(ts), 'UTC') AS window_start, fromUnixTimestamp64Milli(max(ts) + 1800000, 'UTC') AS window_end, user_id,
       count() AS events, max(latency_ms) AS max_ms, toStartOfHour(window_start) AS period_start, 1 AS generation
FROM (
  SELECT ts, user_id, latency_ms, sum(new_session) OVER (PARTITION BY user_id ORDER BY ts ROWS UNBOUNDED PRECEDING) AS session
  FROM (
    SELECT ts, user_id, latency_ms,
           if(ts - lagInFrame(ts, 1, 0) OVER (PARTITION BY user_id ORDER BY ts ROWS UNBOUNDED PRECEDING) >= 1800000, 1, 0) AS new_session
    FROM (SELECT toUnixTimestamp64Milli(event_time) AS ts, JSONExtractString(raw, 'user_id') AS user_id, JSONExtract(raw, 'latency_ms', 'Nullable(Float64)') AS latency_ms
          FROM ${DB}.events__raw WHERE event_time >= fromUnixTimestamp64Milli(${from - 1_800_000}, 'UTC') LIMIT 1 BY event_id)
  )
)
GROUP BY user_id, session
HAVING window_start >= fromUnixTimestamp64Milli(${from}, 'UTC') AND window_start < fromUnixTimestamp64Milli(${to}, 'UTC')`,
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(work) {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-compactor-'));
  const config = core.parsePipeline(YAML.replace('embedded:memory', `embedded:${join(dir, 'ch')}`), { env: {}, origin: 'bench' });
  const source = config.sources.events;
  const run = generateEvents(config, { events: EVENTS, rate: 1_000, timeStepMs: 20, duplicates: 0.02, seed: 3, startMs: Date.UTC(2026, 0, 1) });
  const byPartition = new Map();
  const offsets = new Map();
  for (const record of run.records) {
    const offset = offsets.get(record.partition) ?? 0;
    offsets.set(record.partition, offset + 1);
    const row = toRawRow(source, { partition: record.partition, offset: String(offset), key: Buffer.from(record.key), value: Buffer.from(JSON.stringify(record.event)) });
    if (!byPartition.has(record.partition)) byPartition.set(record.partition, []);
    byPartition.get(record.partition).push(row);
  }
  const ch = await createClickHouse(config.clickhouse, { ensureDatabase: true });
  const client = ch.client;
  const rawSql = core.createRawTableSql(DB, source, 0);
  const batchSize = config.compactor.batchEvents;
  const land = async (table, withTokens) => {
    for (const [partition, rows] of byPartition) {
      for (let i = 0; i < rows.length; i += batchSize) {
        const chunk = rows.slice(i, i + batchSize);
        const settings = withTokens
          ? { insert_deduplicate: 1, insert_deduplication_token: core.rawInsertToken('events', partition, chunk[0].kafka_offset, chunk[chunk.length - 1].kafka_offset) }
          : {};
        await client.insert({ table, values: chunk, format: 'JSONEachRow', clickhouse_settings: settings });
      }
    }
  };
  const landing = { sluice: [], plain: [] };
  for (let r = 0; r < RUNS; r++) {
    await client.command({ query: `DROP TABLE IF EXISTS ${DB}.events__raw SYNC` });
    await client.command({ query: rawSql });
    landing.sluice.push(run.records.length / (await timed(() => land(`${DB}.events__raw`, true))));
    await client.command({ query: `DROP TABLE IF EXISTS ${DB}.plain_raw SYNC` });
    await client.command({ query: rawSql.replace('`events__raw`', '`plain_raw`').replace('ReplacingMergeTree', 'MergeTree').replace(/\nSETTINGS .*/, '') });
    landing.plain.push(run.records.length / (await timed(() => land(`${DB}.plain_raw`, false))));
  }
  await client.command({ query: `OPTIMIZE TABLE ${DB}.events__raw FINAL` });
  const landed = Number((await (await client.query({ query: `SELECT count() AS n FROM ${DB}.events__raw`, format: 'JSONEachRow' })).json())[0].n);
  const sluiceRate = median(landing.sluice);
  const plainRate = median(landing.plain);
  console.log(`landing: ${landed} records; sluice raw table ${Math.round(sluiceRate)} events/s, plain MergeTree ${Math.round(plainRate)} events/s, ratio ${(sluiceRate / plainRate).toFixed(2)}x`);

  const times = run.records.map((record) => record.event.ts);
  const hour = 3_600_000;
  const from = Math.floor(times.reduce((a, b) => Math.min(a, b)) / hour) * hour;
  const to = Math.ceil((times.reduce((a, b) => Math.max(a, b)) + 1) / hour) * hour;
  for (const view of config.views) {
    await client.command({ query: core.createBatchTableSql(DB, view, 'bench') });
    await client.command({ query: `CREATE TABLE IF NOT EXISTS ${DB}.hand_${view.name} AS ${DB}.${view.name}__batch` });
    const scanned = Number((await (await client.query({
      query: `SELECT count() AS n FROM ${DB}.events__raw WHERE event_time >= fromUnixTimestamp64Milli(${from - core.periodReachMs(view)}, 'UTC') AND event_time < fromUnixTimestamp64Milli(${to + core.periodReachMs(view)}, 'UTC')`,
      format: 'JSONEachRow',
    })).json())[0].n);
    const generated = [];
    const hand = [];
    for (let r = 0; r < RUNS; r++) {
      await client.command({ query: `TRUNCATE TABLE ${DB}.${view.name}__batch` });
      await client.command({ query: `TRUNCATE TABLE ${DB}.hand_${view.name}` });
      generated.push(await timed(() => client.command({ query: core.batchInsertSql(DB, view, { fromMs: from, toMs: to, generation: r + 1 }) })));
      hand.push(await timed(() => client.command({ query: HAND_WRITTEN[view.name](from, to) })));
    }
    const rows = async (table) => Number((await (await client.query({ query: `SELECT count() AS n FROM ${DB}.${table}`, format: 'JSONEachRow' })).json())[0].n);
    const g = median(generated);
    const h = median(hand);
    console.log(
      `recompute ${view.name}: ${scanned} raw rows; generated ${g.toFixed(3)}s (${Math.round(scanned / g)} rows/s, ${await rows(`${view.name}__batch`)} batch rows), ` +
        `hand-written ${h.toFixed(3)}s (${Math.round(scanned / h)} rows/s, ${await rows(`hand_${view.name}`)} rows), generated/hand ${(g / h).toFixed(2)}x`,
    );
  }
  await ch.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
