'use strict';
// Sink insert throughput into embedded ClickHouse (chDB in process): the sink's
// path (WindowResult -> RowBinary row -> SpeedWriter, deduplication token
// included) against the same rows inserted as JSONEachRow objects by a bare
// @clickhouse/client insert loop, same batch size, same table definition, in
// one run. CSV lines through client.insert are measured too: the fastest text
// format the client's insert() takes, and the sink's format before RowBinary. Needs the built dist: `npx turbo run build --filter=@sluice/sink...`,
// then `npx node bench/sink/run.js [runs] [rows]`.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Readable } = require('node:stream');
const core = require('../../packages/core/dist/index.js');
const { createClickHouse } = require('../../packages/clickhouse/dist/index.js');
const { createSpeedRowEncoder, createSinkMetrics, SpeedWriter, INSERT_RETRY } = require('../../packages/sink/dist/index.js');

const RUNS = Number(process.argv[2] ?? 5);
const ROWS = Number(process.argv[3] ?? 100_000);
const BATCH_ROWS = 10_000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const PIPELINE = `
sources: { events: { topic: events, format: json, key: user_id, timestamp: ts, partitions: 6 } }
views:
  - name: pages
    source: events
    window: { type: tumbling, size: 1m }
    groupBy: [page, country]
    measures:
      views: count
      revenue: sum(amount)
      fastest: min(ms)
      avg_ms: avg(ms)
      users: uniq(user_id)
      p95_ms: quantile(0.95, ms)
`;

/** Window results shaped like the speed layer's: sparse HLL registers, a few dozen DDSketch buckets. */
function windowResults(view, count, run) {
  const results = [];
  for (let i = 0; i < count; i++) {
    const registers = Array.from({ length: 40 }, (_, k) => k * 400 + (i % 397));
    const keys = Array.from({ length: 24 }, (_, k) => 16_384 + k * 3 + (i % 5));
    results.push({
      view: view.name,
      windowStart: 1_767_225_600_000 + Math.floor(i / 600) * 60_000,
      windowEnd: 1_767_225_660_000 + Math.floor(i / 600) * 60_000,
      group: [`/page/${i % 100}`, ['DE', 'FR', 'US', 'KR', 'BR', 'JP'][i % 6]],
      partition: (i + run) % 6,
      version: 2 * (run * count + i),
      final: false,
      retracted: false,
      states: {
        views: { kind: 'count', count: 10 + (i % 50) },
        revenue: { kind: 'sum', sum: i * 1.25 },
        fastest: { kind: 'min', value: i % 7 === 0 ? null : (i % 1000) / 3 },
        avg_ms: { kind: 'avg', sum: i * 3.5, count: 10 + (i % 50) },
        users: { kind: 'uniq', registers, ranks: registers.map((_, k) => 1 + (k % 9)) },
        p95_ms: { kind: 'quantile', keys, counts: keys.map((_, k) => 1 + (k % 4)) },
      },
    });
  }
  return results;
}

/** The JSONEachRow object of one result: the speed-table columns by name. */
function jsonRow(view, result) {
  const row = { window_start: result.windowStart, window_end: result.windowEnd, partition: result.partition, version: result.version, is_deleted: 0, final: 0 };
  view.groupBy.forEach((field, index) => (row[field] = result.group[index]));
  for (const measure of view.measures) {
    for (const part of core.STATE_PARTS[measure.kind]) row[core.stateColumnName(measure, part)] = result.states[measure.name][part.field];
  }
  return row;
}

/** The same row as a CSV line, to measure the best text format against RowBinary. */
function csvLine(view, result) {
  const seconds = (ms) => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
  const fields = [seconds(result.windowStart), seconds(result.windowEnd), ...result.group.map((value) => `"${value.replace(/"/g, '""')}"`)];
  fields.push(result.partition, result.version, result.retracted ? 1 : 0, result.final ? 1 : 0);
  for (const measure of view.measures) {
    for (const part of core.STATE_PARTS[measure.kind]) {
      const value = result.states[measure.name][part.field];
      fields.push(Array.isArray(value) ? `"[${value.join(',')}]"` : value === null ? '\\N' : value);
    }
  }
  return `${fields.join(',')}\n`;
}

async function timed(task) {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-sink-'));
  const clickhouse = await createClickHouse({ url: `embedded:${join(dir, 'data')}`, database: 'bench' }, { ensureDatabase: true });
  const { client } = clickhouse;
  const view = core.parsePipeline(PIPELINE, { env: {}, origin: 'bench' }).views[0];
  const tables = { sink: { ...view, name: 'sink_path' }, json: { ...view, name: 'json_loop' }, csv: { ...view, name: 'csv_loop' } };
  for (const definition of Object.values(tables)) {
    const table = `bench.${core.speedTableName(definition.name)}`;
    await client.command({ query: core.createSpeedTableSql('bench', definition, 'bench') });
    // Background merges are the same work whatever the insert format, and on a shared machine they land on
    // whichever path runs next; stopped, the figures measure the inserts alone.
    await client.command({ query: `SYSTEM STOP MERGES ${table}` });
  }

  const encoder = createSpeedRowEncoder(view);
  const writer = new SpeedWriter({
    client,
    database: 'bench',
    columns: new Map([[tables.sink.name, encoder.columns]]),
    retry: INSERT_RETRY,
    metrics: createSinkMetrics(new core.MetricsRegistry()),
    logger: core.silentLogger,
    onBackpressure: () => undefined,
  });
  const sinkPath = async (results) => {
    for (let at = 0; at < results.length; at += BATCH_ROWS) {
      const rows = results.slice(at, at + BATCH_ROWS).map((result) => ({ bytes: encoder.encode(result), origin: null }));
      await writer.write(tables.sink.name, rows);
    }
  };
  const jsonLoop = async (results) => {
    for (let at = 0; at < results.length; at += BATCH_ROWS) {
      const values = results.slice(at, at + BATCH_ROWS).map((result) => jsonRow(view, result));
      await client.insert({ table: `bench.${core.speedTableName(tables.json.name)}`, values, format: 'JSONEachRow' });
    }
  };

  const csvLoop = async (results) => {
    const columns = encoder.columns.join(', ');
    for (let at = 0; at < results.length; at += BATCH_ROWS) {
      const text = results.slice(at, at + BATCH_ROWS).map((result) => csvLine(view, result)).join('');
      await client.insert({ table: `bench.${core.speedTableName(tables.csv.name)} (${columns})`, values: Readable.from([text], { objectMode: false }), format: 'CSV' });
    }
  };
  const paths = { sink: sinkPath, json: jsonLoop, csv: csvLoop };
  const rates = { sink: [], json: [], csv: [] };
  // A warm-up run of each, then a rotating order so no path always runs on a warmer engine.
  for (const path of Object.values(paths)) await path(windowResults(view, BATCH_ROWS, 1_000));
  const names = Object.keys(paths);
  for (let run = 0; run < RUNS; run++) {
    const results = windowResults(view, ROWS, run);
    for (let turn = 0; turn < names.length; turn++) {
      const which = names[(run + turn) % names.length];
      rates[which].push(ROWS / (await timed(() => paths[which](results))));
    }
    const line = (which) => `${which} ${Math.round(rates[which][run])} rows/s`;
    console.log(`run ${run + 1}: ${names.map(line).join(', ')}; sink/json ${(rates.sink[run] / rates.json[run]).toFixed(2)}x`);
  }
  for (const definition of Object.values(tables)) await client.command({ query: `SYSTEM START MERGES bench.${core.speedTableName(definition.name)}` });
  const stored = await (await client.query({ query: `SELECT ${names.map((which) => `(SELECT count() FROM bench.${core.speedTableName(tables[which].name)}) AS ${which}`).join(', ')}`, format: 'JSONEachRow' })).json();
  console.log(`rows stored (ReplacingMergeTree keeps one per key and version): ${JSON.stringify(stored[0])}`);
  // The same content whatever the format: a hash of every column of every row, per table.
  const digest = (which) => `(SELECT groupBitXor(cityHash64(${encoder.columns.map((column) => `\`${column}\``).join(', ')})) FROM bench.${core.speedTableName(tables[which].name)} FINAL) AS ${which}`;
  const digests = (await (await client.query({ query: `SELECT ${names.map(digest).join(', ')}`, format: 'JSONEachRow' })).json())[0];
  if (new Set(Object.values(digests)).size !== 1) throw new Error(`the tables differ: ${JSON.stringify(digests)}`);
  console.log('contents identical across formats');
  const medians = Object.fromEntries(names.map((which) => [which, median(rates[which])]));
  console.log(
    `median over ${RUNS} runs of ${ROWS} rows in batches of ${BATCH_ROWS}: sink RowBinary ${Math.round(medians.sink)} rows/s, ` +
      `JSONEachRow loop ${Math.round(medians.json)} rows/s, CSV loop ${Math.round(medians.csv)} rows/s; ` +
      `sink/json ${(medians.sink / medians.json).toFixed(2)}x, csv/json ${(medians.csv / medians.json).toFixed(2)}x`,
  );
  await clickhouse.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
