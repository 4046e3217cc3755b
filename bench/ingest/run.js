'use strict';
// Events/s through the HTTP ingest service (NDJSON batches of 100 over
// keep-alive connections) against a bare kafkajs producer sending the same
// events with the same settings (idempotent, acks all, gzip, default
// partitioner), in one run, on one broker; then the p99 HTTP latency at half
// of the measured maximum ingest rate.
// Needs the built dist: `npx turbo run build --filter=@sluice/cli`, then
// `npx node bench/ingest/run.js [runs] [events]`. Uses SLUICE_KAFKA_BROKERS when
// set, else starts its own broker in a temp directory and stops it at the end.
const { spawn } = require('node:child_process');
const http = require('node:http');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { Kafka, CompressionTypes, Partitioners, logLevel } = require('kafkajs');
const { buildPipeline } = require('../../packages/core/dist/index.js');
const { findFreePort, startLocalBroker, stopLocalBroker } = require('../../packages/devstack/dist/index.js');
const { generateEvents } = require('../../packages/producer/dist/index.js');

const RUNS = Number(process.argv[2] ?? 5);
const EVENTS = Number(process.argv[3] ?? 100_000);
const BATCH = 100;
const CONNECTIONS = 16;
const LATENCY_SECONDS = 8;
const CLI = resolve(__dirname, '..', '..', 'packages', 'cli', 'bin', 'sluice.js');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;

async function createTopic(kafka, topic) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
}

/** The same events, once as kafkajs batches and once as NDJSON bodies. */
function workload(config) {
  const records = generateEvents(config, { events: EVENTS, rate: 1_000_000, seed: 42, startMs: Date.UTC(2026, 0, 1) }).records;
  const batches = [];
  for (let i = 0; i < records.length; i += BATCH) {
    const slice = records.slice(i, i + BATCH);
    batches.push({
      messages: slice.map((record) => ({ key: record.key, value: JSON.stringify(record.event) })),
      body: slice.map((record) => JSON.stringify(record.event)).join('\n'),
      count: slice.length,
    });
  }
  return batches;
}

/** CONNECTIONS workers take batches in turn until all are sent; returns events/s. */
async function closedLoop(batches, sendBatch) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < batches.length) await sendBatch(batches[next++]);
    }),
  );
  return batches.reduce((total, batch) => total + batch.count, 0) / seconds(started);
}

function postBatch(agent, port, body) {
  return new Promise((resolvePost, reject) => {
    const started = process.hrtime.bigint();
    const request = http.request(
      { host: '127.0.0.1', port, path: '/v1/events', method: 'POST', agent, headers: { 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolvePost({ status: response.statusCode, retryAfter: Number(response.headers['retry-after'] ?? 1), latencyMs: seconds(started) * 1000 }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function postUntilAccepted(agent, port, body) {
  for (;;) {
    const answer = await postBatch(agent, port, body);
    if (answer.status === 202) return answer;
    if (answer.status !== 503) throw new Error(`ingest answered ${answer.status}`);
    await new Promise((r) => setTimeout(r, answer.retryAfter * 1000));
  }
}

/** Open loop at `eventsPerSecond`: batches leave on schedule whether or not earlier ones returned. */
async function latencyAt(agent, port, batches, eventsPerSecond) {
  const intervalMs = (BATCH / eventsPerSecond) * 1000;
  const total = Math.min(batches.length, Math.ceil((LATENCY_SECONDS * 1000) / intervalMs));
  const latencies = [];
  const pending = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + i * intervalMs - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(postUntilAccepted(agent, port, batches[i].body).then((answer) => latencies.push(answer.latencyMs)));
  }
  await Promise.all(pending);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), requests: latencies.length };
}

async function startIngestProcess(brokers, topic, dir) {
  const port = await findFreePort();
  const opsPort = await findFreePort();
  const file = join(dir, 'sluice.yaml');
  writeFileSync(file, `kafka: { brokers: [${brokers.map((b) => JSON.stringify(b)).join(', ')}] }\ningest: { port: ${port}, opsPort: ${opsPort} }\nsources:\n  events: { topic: ${topic}, key: user_id, timestamp: ts, partitions: 6 }\n`);
  const child = spawn(process.execPath, [CLI, 'ingest', '-c', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolveStart, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('listening') && resolveStart());
    child.once('exit', (code) => reject(new Error(`ingest exited with ${code}`)));
  });
  return { port, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-ingest-'));
  let brokers = process.env.SLUICE_KAFKA_BROKERS?.split(',');
  const ownBroker = !brokers;
  if (ownBroker) brokers = [(await startLocalBroker({ port: await findFreePort(), dataDir: join(dir, 'kafka'), maxHeap: '768m' })).bootstrap];
  const kafka = new Kafka({ clientId: 'bench-ingest', brokers, logLevel: logLevel.NOTHING });
  const config = buildPipeline({ kafka: { brokers }, sources: { events: { topic: 'bench', key: 'user_id', timestamp: 'ts', partitions: 6 } } });
  const batches = workload(config);
  const ingestTopic = `bench_ingest_${process.pid}`;
  await createTopic(kafka, ingestTopic);
  const ingest = await startIngestProcess(brokers, ingestTopic, dir);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const rows = [];
  try {
    // Warm-up: JIT, connections, topic metadata on both paths.
    await createTopic(kafka, 'bench_warm');
    await closedLoop(batches.slice(0, 100), (b) => producer.send({ topic: 'bench_warm', acks: -1, compression: CompressionTypes.GZIP, messages: b.messages }));
    await closedLoop(batches.slice(0, 100), (b) => postUntilAccepted(agent, ingest.port, b.body));
    for (let run = 1; run <= RUNS; run++) {
      const bareTopic = `bench_bare_${process.pid}_${run}`;
      await createTopic(kafka, bareTopic);
      const bare = await closedLoop(batches, (b) => producer.send({ topic: bareTopic, acks: -1, compression: CompressionTypes.GZIP, messages: b.messages }));
      // The kafkajs best case: one producer, one big send at a time, as ingest's linger coalesces requests.
      const bigTopic = `bench_big_${process.pid}_${run}`;
      await createTopic(kafka, bigTopic);
      const bigBatches = [];
      for (let i = 0; i < batches.length; i += CONNECTIONS) {
        const group = batches.slice(i, i + CONNECTIONS);
        bigBatches.push({ messages: group.flatMap((b) => b.messages), count: group.reduce((n, b) => n + b.count, 0) });
      }
      let nextBig = 0;
      const bigStarted = process.hrtime.bigint();
      while (nextBig < bigBatches.length) await producer.send({ topic: bigTopic, acks: -1, compression: CompressionTypes.GZIP, messages: bigBatches[nextBig++].messages });
      const big = EVENTS / seconds(bigStarted);
      const viaHttp = await closedLoop(batches, (b) => postUntilAccepted(agent, ingest.port, b.body));
      const latency = await latencyAt(agent, ingest.port, batches, viaHttp / 2);
      rows.push({ bare, big, viaHttp, ratio: viaHttp / bare, bigRatio: viaHttp / big, ...latency });
      console.log(
        `run ${run}: bare kafkajs ${Math.round(bare)} ev/s (${Math.round(big)} with sends of ${CONNECTIONS * BATCH}), ingest ${Math.round(viaHttp)} ev/s, ` +
          `ratio ${(viaHttp / bare).toFixed(2)}x (${(viaHttp / big).toFixed(2)}x against the big sends); ` +
          `at ${Math.round(viaHttp / 2)} ev/s: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms (${latency.requests} requests)`,
      );
    }
  } finally {
    await producer.disconnect();
    agent.destroy();
    await ingest.stop();
    if (ownBroker) await stopLocalBroker(join(dir, 'kafka'));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `median of ${RUNS} runs (${EVENTS} events, NDJSON batches of ${BATCH}, ${CONNECTIONS} connections): ` +
      `bare kafkajs ${Math.round(median(rows.map((r) => r.bare)))} ev/s, ingest ${Math.round(median(rows.map((r) => r.viaHttp)))} ev/s, ` +
      `ratio ${median(rows.map((r) => r.ratio)).toFixed(2)}x (target >= 0.8x); ` +
      `against kafkajs sends of ${CONNECTIONS * BATCH}: ${Math.round(median(rows.map((r) => r.big)))} ev/s, ratio ${median(rows.map((r) => r.bigRatio)).toFixed(2)}x; p99 at 50% of max ${median(rows.map((r) => r.p99)).toFixed(1)} ms, ` +
      `p50 ${median(rows.map((r) => r.p50)).toFixed(1)} ms`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
