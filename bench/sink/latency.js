'use strict';
// End-to-end latency: from the moment Kafka acknowledges an event to the
// moment the serving view shows its window's early update. The aggregator
// (update interval 500 ms) and the sink (flush interval 100 ms) run in this
// process over embedded chDB, on a local broker. Each probe event carries a
// page no other event has, so its group appears in the view exactly when the
// first update of its window lands; background traffic keeps the workers busy.
// The peer is the aggregator's update interval: the goal is p99 <= interval + 1 s.
// Needs the built dist: `npx turbo run build --filter=@sluice/cli...`, then
// `npx node bench/sink/latency.js [--probes 300] [--rate 500] [--brokers host:port]`.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { parseArgs } = require('node:util');

const ROOT = join(__dirname, '..', '..');
const core = require(join(ROOT, 'packages/core/dist/index.js'));
const kafkaAdapter = require(join(ROOT, 'packages/kafka/dist/index.js'));
const devstack = require(join(ROOT, 'packages/devstack/dist/index.js'));
const { clickHouseStorage, createClickHouse } = require(join(ROOT, 'packages/clickhouse/dist/index.js'));
const { Aggregator } = require(join(ROOT, 'packages/aggregator/dist/index.js'));
const { ServingSink } = require(join(ROOT, 'packages/sink/dist/index.js'));

const { values: args } = parseArgs({
  options: {
    probes: { type: 'string', default: '300' },
    rate: { type: 'string', default: '500' },
    brokers: { type: 'string' },
  },
});
const PROBES = Number(args.probes);
const RATE = Number(args.rate);
const UPDATE_INTERVAL_MS = 500;
const POLL_MS = 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

async function startBroker() {
  if (args.brokers) return { bootstrap: args.brokers, stop: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-kafka-'));
  const broker = await devstack.startLocalBroker({ port: await devstack.findFreePort(), controllerPort: await devstack.findFreePort(), dataDir, maxHeap: '512m' });
  return { bootstrap: broker.bootstrap, stop: () => devstack.stopLocalBroker(dataDir) };
}

async function main() {
  const broker = await startBroker();
  const name = `latency_${Math.random().toString(16).slice(2, 10)}`;
  const config = core.parsePipeline(
    `
name: ${name}
kafka: { brokers: ["${broker.bootstrap}"], clientId: ${name} }
clickhouse: { url: "embedded:memory", database: ${name} }
aggregator: { opsPort: 0, updateInterval: ${UPDATE_INTERVAL_MS}, maxOutOfOrderness: 1000, idleTimeout: 5000, commitInterval: 1000 }
sink: { opsPort: 0, batchRows: 10000, flushInterval: 100ms }
sources:
  events: { topic: ${name}.events, key: user_id, timestamp: ts, partitions: 3 }
views:
  - name: probes
    source: events
    window: { type: tumbling, size: 10s }
    lateness: 2s
    groupBy: [page]
    measures: { hits: count }
`,
    { env: {}, origin: 'latency' },
  );
  const logger = core.silentLogger;
  const kafka = kafkaAdapter.createKafka(config.kafka, logger, { logLevel: 'error' });
  const admin = kafka.admin();
  await admin.connect();
  await kafkaAdapter.ensureTopics(admin, [{ topic: `${name}.events`, partitions: 3 }]);
  await admin.disconnect();
  const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
  const sink = new ServingSink({ config, kafka, storage: clickHouseStorage(clickhouse), logger, metrics: new core.MetricsRegistry() });
  const aggregator = new Aggregator({ config, kafka, logger, metrics: new core.MetricsRegistry() });
  await sink.start();
  await aggregator.start();

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const acked = new Map();
  const seen = new Map();
  let stop = false;

  const poll = (async () => {
    while (!stop) {
      const rows = await (await clickhouse.client.query({ query: `SELECT DISTINCT page FROM ${name}.probes WHERE startsWith(page, 'probe-')`, format: 'JSONEachRow' })).json();
      const now = Date.now();
      for (const { page } of rows) if (!seen.has(page)) seen.set(page, now);
      await sleep(POLL_MS);
    }
  })();

  const background = (async () => {
    let index = 0;
    while (!stop) {
      const batch = Array.from({ length: Math.max(1, Math.round(RATE / 20)) }, () => {
        index += 1;
        return { key: `u${index % 200}`, value: JSON.stringify({ user_id: `u${index % 200}`, page: `/bg/${index % 20}`, ts: Date.now() }) };
      });
      await producer.send({ topic: `${name}.events`, acks: -1, messages: batch });
      await sleep(50);
    }
  })();

  // Warm up: one window's worth of traffic before measuring.
  await sleep(3_000);
  for (let probe = 0; probe < PROBES; probe++) {
    const page = `probe-${probe}`;
    await producer.send({ topic: `${name}.events`, acks: -1, messages: [{ key: `p${probe}`, value: JSON.stringify({ user_id: `p${probe}`, page, ts: Date.now() }) }] });
    acked.set(page, Date.now());
    await sleep(37);
  }
  const deadline = Date.now() + 30_000;
  while (seen.size < PROBES && Date.now() < deadline) await sleep(100);
  stop = true;
  await Promise.all([poll, background]);

  const latencies = [...acked].filter(([page]) => seen.has(page)).map(([page, at]) => seen.get(page) - at);
  console.log(
    `${latencies.length}/${PROBES} probes seen; ack -> visible in the serving view: p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${Math.max(...latencies)} ms ` +
      `(aggregator update interval ${UPDATE_INTERVAL_MS} ms, goal p99 <= ${UPDATE_INTERVAL_MS + 1000} ms: p99/goal ${(percentile(latencies, 0.99) / (UPDATE_INTERVAL_MS + 1000)).toFixed(2)}x; ` +
      `sink flush interval 100 ms, view polled every ${POLL_MS} ms, background ${RATE} events/s)`,
  );
  await producer.disconnect();
  await aggregator.stop();
  await sink.stop();
  await clickhouse.close();
  await broker.stop();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
