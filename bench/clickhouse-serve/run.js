'use strict';
// Embedded ClickHouse, in process vs. served over loopback HTTP, and the served
// endpoint with statements serialized (1) vs. run side by side (4).
// Needs the built dist: `npx turbo run build --filter=@sluice/clickhouse`, then
// `npx node bench/clickhouse-serve/run.js [runs]`.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createClient, ClickHouseLogLevel } = require('@clickhouse/client');
const { createClickHouse, serveEmbeddedClickHouse } = require('../../packages/clickhouse/dist/index.js');

const RUNS = Number(process.argv[2] ?? 5);
const POINT_QUERIES = 300;
const INSERT_BATCHES = 10;
const BATCH_ROWS = 5_000;
const HEAVY_QUERIES = 8;
const quiet = { log: { level: ClickHouseLogLevel.OFF } };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(task) {
  const started = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function pointQueries(client) {
  for (let i = 0; i < POINT_QUERIES; i++) {
    await (await client.query({ query: 'SELECT count() AS n FROM bench.points WHERE id = {id:UInt32}', query_params: { id: i }, format: 'JSONEachRow' })).json();
  }
}

async function inserts(client) {
  for (let batch = 0; batch < INSERT_BATCHES; batch++) {
    const values = Array.from({ length: BATCH_ROWS }, (_, i) => ({ id: batch * BATCH_ROWS + i, page: `/p/${i % 97}`, ms: i % 1000 }));
    await client.insert({ table: 'bench.inserts', values, format: 'JSONEachRow' });
  }
}

async function heavyConcurrent(client) {
  const query = 'SELECT max(sipHash64(number)) AS h FROM numbers(3000000)';
  await Promise.all(Array.from({ length: HEAVY_QUERIES }, async () => (await client.query({ query, format: 'JSONEachRow' })).json()));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-ch-'));
  const path = join(dir, 'data');
  const parallel = await serveEmbeddedClickHouse({ path, port: 0, database: 'bench', maxConcurrentStatements: 4 });
  const serial = await serveEmbeddedClickHouse({ path, port: 0, maxConcurrentStatements: 1 });
  // The serve file names this process, so this opens chDB in process at the same path.
  const embedded = await createClickHouse({ url: `embedded:${path}`, database: 'bench' }, { client: quiet });
  const served = createClient({ url: parallel.url, database: 'bench', ...quiet });
  const servedSerial = createClient({ url: serial.url, database: 'bench', ...quiet });
  await served.command({ query: 'CREATE TABLE points (id UInt32, v UInt64) ENGINE = MergeTree ORDER BY id' });
  await served.command({ query: 'INSERT INTO points SELECT number, number * 7 FROM numbers(100000)' });
  const results = { embeddedPoint: [], servedPoint: [], embeddedInsert: [], servedInsert: [], serial: [], parallel: [] };
  for (let run = 0; run < RUNS; run++) {
    results.embeddedPoint.push(POINT_QUERIES / (await timed(() => pointQueries(embedded.client))));
    results.servedPoint.push(POINT_QUERIES / (await timed(() => pointQueries(served))));
    for (const [name, client] of [['embeddedInsert', embedded.client], ['servedInsert', served]]) {
      await served.command({ query: 'DROP TABLE IF EXISTS inserts' });
      await served.command({ query: 'CREATE TABLE inserts (id UInt32, page String, ms UInt32) ENGINE = MergeTree ORDER BY id' });
      results[name].push((INSERT_BATCHES * BATCH_ROWS) / (await timed(() => inserts(client))));
    }
    results.serial.push(HEAVY_QUERIES / (await timed(() => heavyConcurrent(servedSerial))));
    results.parallel.push(HEAVY_QUERIES / (await timed(() => heavyConcurrent(served))));
  }
  const m = Object.fromEntries(Object.entries(results).map(([key, values]) => [key, median(values)]));
  const line = (label, value, unit) => console.log(`${label.padEnd(52)} ${value.toFixed(unit === 'x' ? 2 : 0).padStart(10)} ${unit}`);
  console.log(`medians of ${RUNS} runs`);
  line('point SELECT, embedded in process', m.embeddedPoint, 'queries/s');
  line('point SELECT, served over loopback HTTP', m.servedPoint, 'queries/s');
  line('  ratio served / in process', m.servedPoint / m.embeddedPoint, 'x');
  line('JSONEachRow insert, embedded in process', m.embeddedInsert, 'rows/s');
  line('JSONEachRow insert, served over loopback HTTP', m.servedInsert, 'rows/s');
  line('  ratio served / in process', m.servedInsert / m.embeddedInsert, 'x');
  line(`${HEAVY_QUERIES} concurrent heavy SELECTs, serialized (limit 1)`, m.serial, 'queries/s');
  line(`${HEAVY_QUERIES} concurrent heavy SELECTs, side by side (limit 4)`, m.parallel, 'queries/s');
  line('  ratio limit 4 / limit 1', m.parallel / m.serial, 'x');
  await Promise.all([served.close(), servedSerial.close(), embedded.close()]);
  await serial.stop();
  await parallel.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
