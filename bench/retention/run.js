'use strict';
// Storage retention on embedded ClickHouse (chDB): (1) what it costs to drop the
// speed rows of batch-final periods by lightweight DELETE, by TTL and by partition
// drops; (2) the serving view's query for the last hour with 1 day and with 30 days
// of history behind it, speed rows of final periods dropped, printing the ratio.
// Needs the built dist: `npx turbo run build --filter=@sluice/clickhouse`, then
// `npx node bench/retention/run.js [runs]`. KEEP=1 keeps the data directory (printed) for EXPLAIN.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const core = require('../../packages/core/dist');
const { createClickHouse, ClickHouseRetentionStore } = require('../../packages/clickhouse/dist');

const RUNS = Number(process.argv[2] ?? 21);
const PAGES = 20;
const PARTITIONS = 2;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The newest two periods are still open: only they keep speed rows.
const OPEN_PERIODS = 2;

const config = core.parsePipeline(
  'sources:\n  events: { topic: events, key: k, timestamp: ts }\n' +
    'views:\n  - { name: pages, source: events, window: { type: tumbling, size: 1m }, groupBy: [page], measures: { views: count, revenue: sum(amount) } }\n',
  { env: {} },
);
const view = config.views[0];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(task) {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Speed rows for every minute of [fromMs, toMs): PAGES groups x PARTITIONS partitions. */
function speedRowsSql(database, table, fromMs, toMs) {
  const minutes = (toMs - fromMs) / 60_000;
  return (
    `INSERT INTO ${database}.${table} (window_start, window_end, page, partition, version, is_deleted, final, views__count, revenue__sum) ` +
    `SELECT fromUnixTimestamp64Milli(toInt64(${fromMs} + intDiv(number, ${PAGES * PARTITIONS}) * 60000), 'UTC') AS ws, ws + INTERVAL 1 MINUTE, ` +
    `concat('/p/', toString(number % ${PAGES})), intDiv(number % ${PAGES * PARTITIONS}, ${PAGES}), 1, 0, 1, 3, 7.5 FROM numbers(${minutes * PAGES * PARTITIONS})`
  );
}

/** Batch rows of generation 1 and the final rows of every period in [fromMs, toMs). */
async function finalHistory(client, database, fromMs, toMs) {
  const minutes = (toMs - fromMs) / 60_000;
  await client.command({
    query:
      `INSERT INTO ${database}.pages__batch (window_start, window_end, page, views, revenue, period_start, generation) ` +
      `SELECT fromUnixTimestamp64Milli(toInt64(${fromMs} + intDiv(number, ${PAGES}) * 60000), 'UTC') AS ws, ws + INTERVAL 1 MINUTE, ` +
      `concat('/p/', toString(number % ${PAGES})), 6, 15, toStartOfHour(ws), 1 FROM numbers(${minutes * PAGES})`,
  });
  await client.command({
    query:
      `INSERT INTO ${database}.pages__final (period_start, generation, finalized_at) ` +
      `SELECT fromUnixTimestamp64Milli(toInt64(${fromMs} + number * ${HOUR}), 'UTC'), 1, fromUnixTimestamp64Milli(toInt64(${fromMs} + number * ${HOUR}), 'UTC') FROM numbers(${(toMs - fromMs) / HOUR})`,
  });
}

async function freshDatabase(client, database) {
  await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  await client.command({ query: `CREATE DATABASE ${database}` });
  const comment = core.viewLayoutComment(view);
  for (const sql of [core.createSpeedTableSql(database, view, comment), core.createBatchTableSql(database, view, comment), core.createFinalTableSql(database, view), core.createServingViewSql(database, view)]) {
    await client.command({ query: sql });
  }
}

/** A history of `days` ending at the current hour + OPEN_PERIODS: final before, open after. */
function historyOf(days) {
  const openFrom = Math.floor(Date.now() / HOUR) * HOUR - (OPEN_PERIODS - 1) * HOUR;
  return { fromMs: openFrom - days * DAY, openFrom, toMs: openFrom + OPEN_PERIODS * HOUR };
}

async function fillSpeed(client, database, table, fromMs, toMs) {
  // One insert per day: a partition-per-period table takes at most 100 partitions per insert.
  for (let at = fromMs; at < toMs; at += DAY) await client.command({ query: speedRowsSql(database, table, at, Math.min(toMs, at + DAY)) });
}

async function countRows(client, table) {
  const rows = await (await client.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' })).json();
  return Number(rows[0].n);
}

/** Cost of each way of dropping 30 days of final speed rows (all but the open periods). */
async function dropCosts(clickhouse) {
  const { client } = clickhouse;
  const database = 'bench_drop';
  const history = historyOf(30);
  const results = {};

  await freshDatabase(client, database);
  await fillSpeed(client, database, 'pages__speed', history.fromMs, history.toMs);
  await finalHistory(client, database, history.fromMs, history.openFrom);
  const retention = new ClickHouseRetentionStore(client, database);
  results.lightweightDelete = { ms: await timed(() => retention.dropFinalSpeedRows(view, Date.now())), left: await countRows(client, `${database}.pages__speed`) };

  // TTL cannot see which periods batch made final: it can only age rows by their window, so it needs a wall-clock bound instead.
  await client.command({ query: `CREATE TABLE ${database}.ttl AS ${database}.pages__speed` });
  await fillSpeed(client, database, 'ttl', history.fromMs, history.toMs);
  results.ttl = {
    ms: await timed(async () => {
      await client.command({ query: `ALTER TABLE ${database}.ttl MODIFY TTL toDateTime(window_start) + INTERVAL ${(Date.now() - history.openFrom) / 1000} SECOND`, clickhouse_settings: { mutations_sync: '2' } });
    }),
    left: await countRows(client, `${database}.ttl`),
  };

  // Partition drops need a partition per period: the same table partitioned by hour.
  const columns = core.speedTableColumns(view).map((column) => `\`${column.name}\` ${column.type}`).join(', ');
  await client.command({
    query: `CREATE TABLE ${database}.hourly (${columns}) ENGINE = ReplacingMergeTree(version, is_deleted) PARTITION BY toStartOfHour(window_start) ORDER BY (window_start, page, partition)`,
  });
  await fillSpeed(client, database, 'hourly', history.fromMs, history.toMs);
  results.partitionDrop = {
    ms: await timed(async () => {
      const parts = await (await client.query({ query: `SELECT DISTINCT partition_id FROM system.parts WHERE database = '${database}' AND table = 'hourly' AND active AND max_time < fromUnixTimestamp64Milli(toInt64(${history.openFrom}), 'UTC')`, format: 'JSONEachRow' })).json();
      for (const { partition_id } of parts) await client.command({ query: `ALTER TABLE ${database}.hourly DROP PARTITION ID '${partition_id}'` });
    }),
    left: await countRows(client, `${database}.hourly`),
  };
  return results;
}

/** The dashboard's question: every row of the last hour. */
function lastHourSql(database) {
  return `SELECT page, sum(views) AS views, sum(revenue) AS revenue FROM ${database}.pages WHERE window_start >= now64(3) - INTERVAL 1 HOUR GROUP BY page FORMAT Null`;
}

async function servingHistory(clickhouse, days, dropSpeed) {
  const { client } = clickhouse;
  const database = `bench_serve_${days}d_${dropSpeed ? 'dropped' : 'kept'}`;
  const history = historyOf(days);
  await freshDatabase(client, database);
  await fillSpeed(client, database, 'pages__speed', history.fromMs, history.toMs);
  await finalHistory(client, database, history.fromMs, history.openFrom);
  if (dropSpeed) await new ClickHouseRetentionStore(client, database).dropFinalSpeedRows(view, Date.now());
  return database;
}

/** Median ms of the last-hour query over 1 and 30 days, the two run in turn so that load on the machine falls on both alike. */
async function servingCost(clickhouse, dropSpeed) {
  const day = await servingHistory(clickhouse, 1, dropSpeed);
  const month = await servingHistory(clickhouse, 30, dropSpeed);
  const times = { day: [], month: [] };
  for (let run = 0; run < RUNS + 1; run++) {
    times.day.push(await timed(() => clickhouse.client.command({ query: lastHourSql(day) })));
    times.month.push(await timed(() => clickhouse.client.command({ query: lastHourSql(month) })));
  }
  return { day: median(times.day.slice(1)), month: median(times.month.slice(1)) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-retention-'));
  const clickhouse = await createClickHouse({ url: `embedded:${join(dir, 'data')}`, database: 'default' });
  try {
    const drops = await dropCosts(clickhouse);
    for (const [method, { ms, left }] of Object.entries(drops)) console.log(`drop 30 days of final speed rows by ${method}: ${ms.toFixed(0)} ms, ${left} rows left`);
    for (const dropSpeed of [true, false]) {
      const { day, month } = await servingCost(clickhouse, dropSpeed);
      const label = dropSpeed ? 'speed rows of final periods dropped' : 'speed rows kept';
      console.log(`last-hour serving query, ${label}: 1 day ${day.toFixed(1)} ms, 30 days ${month.toFixed(1)} ms, ratio ${(month / day).toFixed(2)}`);
    }
  } finally {
    await clickhouse.close();
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
