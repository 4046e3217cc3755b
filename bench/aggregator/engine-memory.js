'use strict';
// Heap per open (window, group) pair of the speed layer's engine alone, no
// Kafka: one tumbling 10 s view, count + sum(amount) by user_id (the view of
// bench/aggregator), every event of a distinct user in one window, as the
// aggregator's JSON picker decodes them (only the fields the view reads).
// Reads process.memoryUsage() after a full GC before and after folding, and
// again after an update flush has emptied the changed-windows queue (the
// steady state between commit intervals). Prints the median of several runs.
// Usage: npx turbo run build && node --expose-gc bench/aggregator/engine-memory.js [pairs] [runs]
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const core = require(join(ROOT, 'packages/core/dist'));
const { FixedWindowStore } = require(join(ROOT, 'packages/aggregator/dist/engine/fixed-window-store.js'));
const { MeasureFolder } = require(join(ROOT, 'packages/aggregator/dist/engine/measure-folder.js'));

const PAIRS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const WINDOW_MS = 10_000;
const MIB = 1024 * 1024;

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');

const view = {
  name: 'per_user_10s',
  source: 'events',
  where: {},
  window: { type: 'tumbling', sizeMs: WINDOW_MS },
  latenessMs: 5_000,
  groupBy: ['user_id'],
  measures: [
    { name: 'events', kind: 'count' },
    { name: 'amount', kind: 'sum', field: 'amount' },
  ],
  periodMs: 3_600_000,
  maxGroupsPerWindow: PAIRS + 1,
};

function settled() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage();
}

const sink = { window: () => undefined, retraction: () => undefined };

function once() {
  const store = new FixedWindowStore(core.WINDOW_KINDS.tumbling.grid(view.window), view, new MeasureFolder(view.measures));
  const start = Math.floor((Date.now() - 24 * 3600_000) / WINDOW_MS) * WINDOW_MS;
  const before = settled();
  for (let i = 0; i < PAIRS; i++) {
    // A fresh string per event, as decoding makes one.
    const event = { ts: start + (i % WINDOW_MS), user_id: `u${i}`, amount: i % 100 };
    store.fold(event, event.ts, i, -Infinity, false);
  }
  const folded = settled();
  store.collect(-Infinity, sink, true);
  const flushed = settled();
  if (store.size().entries !== PAIRS) throw new Error(`expected ${PAIRS} pairs, have ${store.size().entries}`);
  const perMillion = (after, field) => ((after[field] - before[field]) * 1_000_000) / PAIRS / MIB;
  const result = {
    heapUsedFolded: perMillion(folded, 'heapUsed'),
    heapUsedFlushed: perMillion(flushed, 'heapUsed'),
    rssFlushed: perMillion(flushed, 'rss'),
  };
  // Kept alive until measured.
  store.size();
  return result;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const runs = [];
for (let run = 0; run < RUNS; run++) {
  runs.push(once());
  process.stderr.write(`run ${run + 1}: ${JSON.stringify(runs[run], (_k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}\n`);
}
const summary = Object.fromEntries(Object.keys(runs[0]).map((field) => [field, Math.round(median(runs.map((r) => r[field])) * 10) / 10]));
console.log(JSON.stringify({ pairs: PAIRS, runs: RUNS, mibPerMillionPairs: summary }, null, 2));
