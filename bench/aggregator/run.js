'use strict';
// bench/aggregator: the Sluice aggregator (1) against a kafkajs consumer that
// decodes and discards (2) and Kafka Streams doing the same windowed
// aggregation (3), on one local broker and the same pre-loaded topic (JSON,
// and Avro in the Confluent wire format with a real schema registry; 6
// partitions): tumbling 10s, grace/lateness 5s, commit interval 1s,
// count + sum(amount) per user. Prints events per CPU-second of each process,
// the ratios 1/3 and 1/2, and the aggregator's memory per 1M open
// (window, group) pairs (heap and RSS after a full GC, read through the
// inspector, against an aggregator of an empty topic; median of --runs; `--peers ''`
// measures only this, --memory 0 skips it).
//
// Two more kafkajs peers: `pick` reads as the aggregator reads (only the
// fields its view uses, with its own decoders) and discards, so 1/pick is
// what aggregating costs on top of that reading; `forward` (consume, decode,
// produce one record per input) shows what the kafkajs client itself costs
// when output is as large as input, as the aggregator's results are with
// 100k keys.
// Kafka Streams runs in two variants of one jar: `streams-rocksdb`, its
// fault-tolerant default (persistent RocksDB window store with a changelog
// topic; `streams` is an alias), and `streams-memory` (in-memory window store
// without changelog), so 1/3 and 1/3m bracket what durable state costs it.
//
// `sluice-checkpoints` is the aggregator as configured by default
// (`aggregator.checkpoints: true`: open windows written to the state topic at
// every commit); `sluice` runs with them off, so ratio_checkpoints_on_off is
// what checkpointing costs.
// Needs: `npx turbo run build` and
// `(cd bench/peers/kafka-streams && mvn -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)`.
// Run: `npx node bench/aggregator/run.js [--events 1000000] [--runs 3] [--keys 1000,100000] [--formats json,avro] [--peers sluice,kafkajs,pick,forward,streams-rocksdb,streams-memory] [--brokers host:port] [--profile DIR]`
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, writeFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const { Kafka, logLevel } = require('kafkajs');

const ROOT = join(__dirname, '..', '..');
const PEER_DIR = join(ROOT, 'bench/peers/kafka-streams');
const PARTITIONS = 6;
const WINDOW_MS = 10_000;
const GRACE_MS = 5_000;
const COMMIT_MS = 1_000;
const CLOCK_TICKS = 100;

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    keys: { type: 'string', default: '1000,100000' },
    formats: { type: 'string', default: 'json,avro' },
    brokers: { type: 'string' },
    // forward: kafkajs consume + produce one record per input (the client's ceiling for output-heavy runs).
    // pick: kafkajs + the aggregator's own decoders of only the fields the view reads, discarding.
    peers: { type: 'string', default: 'sluice,sluice-checkpoints,kafkajs,pick,forward,streams-rocksdb,streams-memory' },
    memory: { type: 'string', default: '1000000' },
    // Writes a V8 CPU profile of every Node peer run into this directory (open it in Chrome DevTools).
    profile: { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const RUNS = Number(args.runs);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (prefix) => `${prefix}_${Math.random().toString(16).slice(2, 10)}`;

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function residentMiB(pid, field = 'VmRSS') {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line.split(/\s+/)[1]) / 1024;
}

async function startBroker() {
  const { startLocalBroker, findFreePort } = require(join(ROOT, 'packages/devstack/dist/index.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-kafka-'));
  const broker = await startLocalBroker({ port: await findFreePort(), controllerPort: await findFreePort(), dataDir, maxHeap: '1g' });
  return { bootstrap: broker.bootstrap, stop: () => require(join(ROOT, 'packages/devstack/dist/index.js')).stopLocalBroker(dataDir) };
}

/** The bench events as Avro; `amount` a double as in the JSON events' sums. */
const AVRO_SCHEMA = {
  type: 'record',
  name: 'BenchEvent',
  namespace: 'dev.sluice.bench',
  fields: [
    { name: 'event_id', type: 'string' },
    { name: 'ts', type: 'long' },
    { name: 'user_id', type: 'string' },
    { name: 'page', type: 'string' },
    { name: 'amount', type: 'double' },
  ],
};

/** Encodes events of `topic` as JSON, or as Avro in the Confluent wire format under the schema registered for `<topic>-value`. */
async function valueEncoder(topic, registryUrl) {
  if (!registryUrl) return (event) => JSON.stringify(event);
  const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');
  const { Type } = require('avsc');
  const { id } = await new SchemaRegistry({ host: registryUrl }).register({ type: SchemaType.AVRO, schema: JSON.stringify(AVRO_SCHEMA) }, { subject: `${topic}-value` });
  const type = Type.forSchema(AVRO_SCHEMA);
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return (event) => Buffer.concat([header, type.toBuffer(event)]);
}

/** Pre-loads `events` events over `keys` users; event times advance 1 ms per event (100 windows per 1M). */
async function preload(kafka, topic, keys, { sameWindow = false, registryUrl } = {}) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  await admin.disconnect();
  // One request in flight, so every partition receives its events in event-time order (none late).
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  await producer.connect();
  const encode = await valueEncoder(topic, registryUrl);
  const start = Math.floor((Date.now() - 24 * 3600_000) / WINDOW_MS) * WINDOW_MS;
  const chunk = 20_000;
  for (let from = 0; from < EVENTS; from += chunk) {
    const messages = [];
    for (let i = from; i < Math.min(EVENTS, from + chunk); i++) {
      const user = `u${sameWindow ? i : (i * 7919) % keys}`;
      const ts = sameWindow ? start + (i % WINDOW_MS) : start + i;
      messages.push({ key: user, value: encode({ event_id: `e${i}`, ts, user_id: user, page: `/p/${i % 50}`, amount: i % 100 }) });
    }
    await producer.send({ topic, acks: 1, messages });
  }
  await producer.disconnect();
}

/** A real Confluent-compatible registry (Apicurio), started by the project's launcher. */
async function startRegistry() {
  const { startSchemaRegistry } = require(join(ROOT, 'packages/devstack/dist/index.js'));
  return startSchemaRegistry({ logDir: mkdtempSync(join(tmpdir(), 'sluice-bench-registry-')) });
}

/** Records read so far by a group: committed offsets, or for Sluice the next offset N in the commit metadata. */
async function progress(admin, groupId, topic) {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  let total = 0;
  for (const { offset, metadata } of offsets.partitions) {
    let read = Math.max(0, Number(offset));
    if (metadata) {
      try {
        read = Math.max(read, JSON.parse(metadata).n ?? 0);
      } catch {
        // Not Sluice metadata: the committed offset is the position.
      }
    }
    total += read;
  }
  return total;
}

/** The Kafka Streams peers and the window store each passes to the jar. */
const STREAMS_STORES = { 'streams-rocksdb': 'rocksdb', 'streams-memory': 'memory' };
/** Older peer names, kept working: `streams` was the RocksDB default before the in-memory variant existed. */
const PEER_ALIASES = { streams: 'streams-rocksdb' };
const isStreams = (peer) => Object.hasOwn(STREAMS_STORES, peer);

/** The Kafka Streams columns of a report row: each store's median and Sluice's ratio to it. */
function streamsColumns(med) {
  return {
    kafkaStreamsRocksdb: Math.round(med('streams-rocksdb')),
    ratio_1_3: +(med('sluice') / med('streams-rocksdb')).toFixed(2),
    kafkaStreamsMemory: Math.round(med('streams-memory')),
    ratio_1_3m: +(med('sluice') / med('streams-memory')).toFixed(2),
  };
}

const nodeFlags = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];

function spawnPeer(peer, { brokers, topic, group, configFile, registryUrl }) {
  const avro = registryUrl ? [registryUrl] : [];
  if (peer === 'sluice' || peer === 'sluice-checkpoints') return spawn(process.execPath, [...nodeFlags, join(ROOT, 'packages/cli/bin/sluice.js'), 'aggregate', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (peer === 'kafkajs' || peer === 'forward' || peer === 'pick') {
    const mode = peer === 'kafkajs' ? 'discard' : peer;
    return spawn(process.execPath, [...nodeFlags, join(__dirname, 'discard-consumer.js'), brokers, topic, group, String(COMMIT_MS), mode, ...avro], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  if (!isStreams(peer)) throw new Error(`unknown peer ${peer}`);
  const classpath = `${join(PEER_DIR, 'target/classes')}:${readFileSync(join(PEER_DIR, 'target/classpath.txt'), 'utf8').trim()}`;
  return spawn('java', ['-Xmx1g', '-cp', classpath, 'dev.sluice.bench.WindowedCountSum', brokers, topic, `${topic}.ks-out`, group, String(WINDOW_MS), String(GRACE_MS), String(COMMIT_MS), 'user_id', STREAMS_STORES[peer], ...avro], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The aggregator peers: `sluice-checkpoints` differs from `sluice` in its checkpoints switch only. */
const isSluice = (peer) => peer === 'sluice' || peer === 'sluice-checkpoints';

function sluiceConfig(name, brokers, topic, { idleTimeout = '30s', registryUrl, checkpoints = false, maxGroupsPerWindow } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-agg-'));
  const file = join(dir, 'sluice.yaml');
  writeFileSync(file, `
name: ${name}
kafka: { brokers: ["${brokers}"], clientId: ${name} }
${registryUrl ? `schemaRegistry: { url: "${registryUrl}" }` : ''}
aggregator: { opsPort: 0, updateInterval: ${COMMIT_MS}, commitInterval: ${COMMIT_MS}, maxOutOfOrderness: 0, idleTimeout: ${idleTimeout}, checkpoints: ${checkpoints} }
sources:
  events: { topic: ${topic}, key: user_id, timestamp: ts, partitions: ${PARTITIONS}, format: ${registryUrl ? 'avro' : 'json'} }
views:
  - name: per_user_10s
    source: events
    window: { type: tumbling, size: 10s }
    lateness: 5s
${maxGroupsPerWindow ? `    maxGroupsPerWindow: ${maxGroupsPerWindow}\n` : ''}    groupBy: [user_id]
    measures: { events: count, amount: sum(amount) }
`);
  return file;
}

/** The CPU a peer spends to start and join its group, measured on an empty topic; subtracted from every run. */
async function startupCpu(peer, brokers, admin) {
  const topic = unique(`bench_empty_${peer}`);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  const name = unique(`bench_${peer.replace(/-/g, '_')}`);
  const group = isSluice(peer) ? `${name}-aggregator` : name;
  if (isStreams(peer)) await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `${topic}.ks-out`, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  const configFile = isSluice(peer) ? sluiceConfig(name, brokers, topic, { checkpoints: peer === 'sluice-checkpoints' }) : undefined;
  const child = spawnPeer(peer, { brokers, topic, group, configFile });
  try {
    for (;;) {
      const [description] = (await admin.describeGroups([group])).groups;
      if (description && description.state === 'Stable' && description.members.length > 0) break;
      await sleep(250);
    }
    await sleep(3_000);
    return cpuSeconds(child.pid);
  } finally {
    child.kill('SIGKILL');
  }
}

/** One run of one peer: events per CPU-second, its CPU until every event is read and committed, less its startup CPU. */
async function measure(peer, brokers, topic, admin, startup, registryUrl) {
  const name = unique(`bench_${peer.replace(/-/g, '_')}`);
  const group = isSluice(peer) ? `${name}-aggregator` : name;
  const configFile = isSluice(peer) ? sluiceConfig(name, brokers, topic, { registryUrl, checkpoints: peer === 'sluice-checkpoints' }) : undefined;
  // Kafka Streams does not create its sink topic; the others create theirs.
  if (isStreams(peer) && !(await admin.listTopics()).includes(`${topic}.ks-out`)) {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `${topic}.ks-out`, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  }
  const child = spawnPeer(peer, { brokers, topic, group, configFile, registryUrl });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let cpu = 0;
  let peakRss = 0;
  const started = Date.now();
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${peer} exited early: ${stderr}`);
      if (Date.now() - started > 15 * 60_000) throw new Error(`${peer} did not finish in time: ${stderr}`);
      const read = await progress(admin, group, topic);
      cpu = cpuSeconds(child.pid);
      peakRss = Math.max(peakRss, residentMiB(child.pid));
      if (read >= EVENTS) break;
      await sleep(200);
    }
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  return { eventsPerCpuSecond: EVENTS / Math.max(0.001, cpu - startup), cpuSeconds: cpu, peakRssMiB: peakRss, wallSeconds: (Date.now() - started) / 1000 };
}

/**
 * Heap and RSS of a running aggregator after a full GC, read through the
 * inspector (Node's --inspect), so the figure does not depend on when V8
 * last collected.
 */
async function settledMemory(inspectorUrl) {
  const socket = new WebSocket(inspectorUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const pending = new Map();
  socket.onmessage = (message) => {
    const reply = JSON.parse(message.data);
    pending.get(reply.id)?.(reply);
  };
  let id = 0;
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    for (let i = 0; i < 3; i++) await call('HeapProfiler.collectGarbage');
    const reply = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const usage = JSON.parse(reply.result.result.value);
    return { heapUsedMiB: usage.heapUsed / 1024 / 1024, rssMiB: usage.rss / 1024 / 1024 };
  } finally {
    socket.close();
  }
}

/** A fresh aggregator of `topic` (no group limit) and its inspector's address. */
async function inspectedAggregator(brokers, topic) {
  const name = unique('bench_mem');
  const config = sluiceConfig(name, brokers, topic, { idleTimeout: '1h', maxGroupsPerWindow: EVENTS });
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(ROOT, 'packages/cli/bin/sluice.js'), 'aggregate', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const inspectorUrl = await new Promise((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (chunk) => {
      text = (text + chunk).slice(-4000);
      const found = /ws:\/\/\S+/.exec(text);
      if (found) resolve(found[0]);
    });
    child.once('exit', () => reject(new Error(`aggregator exited: ${text.slice(-2000)}`)));
  });
  return { child, inspectorUrl, group: `${name}-aggregator` };
}

/**
 * Heap and RSS growth of the aggregator per 1M open (window, group) pairs: every event in one open window,
 * distinct users, no group limit, against an aggregator of an empty topic (started, joined, polling), both
 * read after a full GC, so that neither when V8 last collected nor what starting costs moves it. What reading
 * costs on top of the pairs is in it, so it is an upper bound. Medians of RUNS such pairs of aggregators.
 */
async function memoryPerMillionPairs(kafka, brokers, admin) {
  const topic = unique('bench_memory');
  const empty = unique('bench_memory_empty');
  await preload(kafka, topic, EVENTS, { sameWindow: true });
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: empty, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const idle = await inspectedAggregator(brokers, empty);
    let baseline;
    try {
      // Long enough to start, join the group and poll; nothing to read.
      await sleep(8_000);
      baseline = await settledMemory(idle.inspectorUrl);
    } finally {
      idle.child.kill('SIGKILL');
    }
    const busy = await inspectedAggregator(brokers, topic);
    try {
      // On a fresh broker (`--peers ''`) the group coordinator may not be ready yet: a retriable error reads as no progress.
      const read = () => progress(admin, busy.group, topic).catch((error) => (error.retriable ? 0 : Promise.reject(error)));
      while ((await read()) < EVENTS) await sleep(250);
      // Two more update intervals, so the last updates are out and the changed queue is empty.
      await sleep(2 * COMMIT_MS);
      const loaded = await settledMemory(busy.inspectorUrl);
      const perMillion = (field) => ((loaded[field] - baseline[field]) * 1_000_000) / EVENTS;
      runs.push({ heapUsedMiB: perMillion('heapUsedMiB'), rssMiB: perMillion('rssMiB'), baseline, loaded });
      process.stderr.write(`memory run ${run + 1}: ${Math.round(perMillion('heapUsedMiB'))} MiB heap, ${Math.round(perMillion('rssMiB'))} MiB RSS per 1M pairs\n`);
    } finally {
      busy.child.kill('SIGKILL');
    }
  }
  const med = (field) => Math.round(median(runs.map((r) => r[field])));
  return { pairs: EVENTS, heapUsedMiBPerMillionPairs: med('heapUsedMiB'), rssMiBPerMillionPairs: med('rssMiB'), runs };
}

async function main() {
  const broker = args.brokers ? { bootstrap: args.brokers, stop: async () => undefined } : await startBroker();
  const kafka = new Kafka({ clientId: 'sluice-bench', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // `--peers ''` measures memory only.
  const peers = args.peers ? [...new Set(args.peers.split(',').map((peer) => PEER_ALIASES[peer] ?? peer))] : [];
  if (peers.some(isStreams) && !existsSync(join(PEER_DIR, 'target/classpath.txt'))) throw new Error('build the Kafka Streams peer first (see the header)');
  const report = [];
  const formats = args.formats.split(',');
  const registry = formats.includes('avro') ? await startRegistry() : undefined;
  let startup;
  try {
    startup = {};
    for (const peer of peers) {
      startup[peer] = await startupCpu(peer, broker.bootstrap, admin);
      process.stderr.write(`${peer} startup and group join: ${startup[peer].toFixed(2)} CPU-s\n`);
    }
    for (const [format, keys] of peers.length === 0 ? [] : formats.flatMap((format) => args.keys.split(',').map((keys) => [format, Number(keys)]))) {
      const registryUrl = format === 'avro' ? registry.url : undefined;
      const topic = unique(`bench_${format}_${keys}k`);
      process.stderr.write(`preloading ${EVENTS} ${format} events over ${keys} keys into ${topic}\n`);
      await preload(kafka, topic, keys, { registryUrl });
      const runs = Object.fromEntries(peers.map((peer) => [peer, []]));
      for (let run = 0; run < RUNS; run++) {
        for (const peer of peers) {
          const result = await measure(peer, broker.bootstrap, topic, admin, startup[peer], registryUrl);
          runs[peer].push(result);
          process.stderr.write(`${format} keys ${keys} run ${run + 1} ${peer}: ${Math.round(result.eventsPerCpuSecond)} events/CPU-s (${result.cpuSeconds.toFixed(2)} CPU-s, ${result.wallSeconds.toFixed(1)} s), peak RSS ${Math.round(result.peakRssMiB)} MiB\n`);
        }
      }
      const med = (peer) => (runs[peer] ? median(runs[peer].map((r) => r.eventsPerCpuSecond)) : NaN);
      report.push({
        format,
        keys,
        sluice: Math.round(med('sluice')),
        kafkajsDiscard: Math.round(med('kafkajs')),
        ...streamsColumns(med),
        ratio_1_2: +(med('sluice') / med('kafkajs')).toFixed(2),
        kafkajsPick: Math.round(med('pick')),
        ratio_1_pick: +(med('sluice') / med('pick')).toFixed(2),
        kafkajsForward: Math.round(med('forward')),
        ratio_1_forward: +(med('sluice') / med('forward')).toFixed(2),
        sluiceCheckpoints: Math.round(med('sluice-checkpoints')),
        ratio_checkpoints_on_off: +(med('sluice-checkpoints') / med('sluice')).toFixed(2),
        peakRssMiB: Object.fromEntries(peers.map((peer) => [peer, Math.round(median(runs[peer].map((r) => r.peakRssMiB)))])),
      });
    }
    const memory = Number(args.memory) > 0 ? await memoryPerMillionPairs(kafka, broker.bootstrap, admin) : undefined;
    console.log(JSON.stringify({ events: EVENTS, runs: RUNS, partitions: PARTITIONS, startupCpuSeconds: startup, report, memory }, null, 2));
  } finally {
    await admin.disconnect();
    await registry?.stop();
    await broker.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
