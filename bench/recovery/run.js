'use strict';
// bench/recovery: how long the speed layer takes to recover from a kill -9,
// by window length. Issue 14 claims that without checkpoints recovery
// re-reads everything since the oldest open window (a day of events for a
// daily view), and asks that with `aggregator.checkpoints: true` it no longer
// depends on the window: 1d / 10s at most 1.5.
//
// The same events (JSON, 6 partitions, ~1000 keys, event times spread evenly
// over the two UTC days before today, so the last 10 s, 1 h and 1 d windows
// are all open at the end) are read by one pipeline per (view size, mode):
// a single tumbling view, count + sum(amount) by user, checkpoints off or on,
// each with its own consumer group and output topics, and an idle timeout of
// 30 days so that no window closes by idleness. Each pipeline's aggregator
// (`sluice aggregate -c FILE`, the built CLI) reads the whole backlog until
// every partition's commit says it is at the log end, and is killed with
// SIGKILL. Then, per run: once the broker has expired the killed member
// (session timeout 10 s, so that Kafka's failure detection is not in the
// figure), it is restarted, and the time (wall, and CPU-seconds of the
// restarted process) is taken until its /metrics show every partition owned,
// as many open (window, group) states as before the kill, and an update
// emitted for each of them (updates wait until a partition has caught up).
// Prints per (size, mode) the medians of --runs, the ratio of the largest to
// the smallest size for both modes, and a JSON summary.
// Needs the built packages (`npx turbo run build`).
// Run: `node bench/recovery/run.js [--events 1000000] [--runs 3] [--sizes 10s,1h,1d] [--brokers host:port]`
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const { Kafka, logLevel } = require('kafkajs');

const ROOT = join(__dirname, '..', '..');
const { decodeCommitMetadata } = require(join(ROOT, 'packages/aggregator/dist/index.js'));
const { parsePrometheusText, sumOf } = require(join(ROOT, 'packages/core/dist/index.js'));
const devstack = require(join(ROOT, 'packages/devstack/dist/index.js'));

const PARTITIONS = 6;
const KEYS = 1000;
const DAY_MS = 86_400_000;
const CLOCK_TICKS = 100;
const MODES = [
  { label: 'checkpoints off', checkpoints: false },
  { label: 'checkpoints on', checkpoints: true },
];

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '10s,1h,1d' },
    brokers: { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const RUNS = Number(args.runs);
const SIZES = args.sizes.split(',');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (prefix) => `${prefix}_${Math.random().toString(16).slice(2, 10)}`;
const say = (line) => process.stderr.write(`${line}\n`);

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * Checks `condition` every `everyMs` until it holds; fails with `what` and the log after `timeoutMs`.
 * A retriable Kafka error (a coordinator still loading on a fresh broker) reads as not yet.
 */
async function waitFor(condition, what, { everyMs = 100, timeoutMs = 15 * 60_000, log = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  const check = () => Promise.resolve(condition()).catch((error) => (error.retriable === true ? false : Promise.reject(error)));
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${log()}`);
    await sleep(everyMs);
  }
}

/** Every aggregator this script started and that has not exited: killed on the way out, whatever happened. */
const children = new Set();

/** `sluice aggregate -c file`, its output kept for failure messages and its ops port read from it. */
function startAggregator(file) {
  const child = spawn(process.execPath, [join(ROOT, 'packages/cli/bin/sluice.js'), 'aggregate', '-c', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => children.delete(child));
  const opsPort = new Promise((resolve, reject) => {
    const read = (chunk) => {
      output = (output + chunk).slice(-20_000);
      const match = /ops on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    exited.then(() => reject(new Error(`aggregator exited before serving ops:\n${output}`)));
  });
  opsPort.catch(() => undefined);
  /** The sum of a metric's samples whose labels include `where` (e.g. `{ kind: 'update' }`). */
  const metric = async (name, where = {}) => {
    const text = await (await fetch(`http://127.0.0.1:${await opsPort}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    return sumOf(parsePrometheusText(text), name, where);
  };
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  return { pid: child.pid, metric, kill, log: () => output, alive: () => child.exitCode === null && child.signalCode === null };
}

/** `size` is the only thing that differs between pipelines; idle timeout 30d so windows stay open for good. */
function pipelineConfig(name, brokers, topic, size, checkpoints) {
  const file = join(mkdtempSync(join(tmpdir(), 'sluice-bench-recovery-')), 'sluice.yaml');
  writeFileSync(file, `
name: ${name}
kafka: { brokers: ["${brokers}"], clientId: ${name}, topics: { results: ${name}.results, late: ${name}.late, deadLetter: ${name}.dlq, state: ${name}.state } }
aggregator: { opsPort: 0, updateInterval: 1000, commitInterval: 1000, maxOutOfOrderness: 0, idleTimeout: 30d, checkpoints: ${checkpoints} }
sources:
  events: { topic: ${topic}, key: user_id, timestamp: ts, partitions: ${PARTITIONS} }
views:
  - name: per_user
    source: events
    window: { type: tumbling, size: ${size} }
    groupBy: [user_id]
    measures: { events: count, amount: sum(amount) }
`);
  return file;
}

/** EVENTS events over KEYS users, event times evenly over the two UTC days before today, the last one just before midnight. */
async function preload(kafka, admin, topic) {
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  // One request in flight, so every partition receives its events in event-time order (none late).
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  await producer.connect();
  const end = Math.floor(Date.now() / DAY_MS) * DAY_MS - 1;
  const chunk = 20_000;
  for (let from = 0; from < EVENTS; from += chunk) {
    const messages = [];
    for (let i = from; i < Math.min(EVENTS, from + chunk); i++) {
      const user = `u${(i * 7919) % KEYS}`;
      const ts = end - Math.floor(((EVENTS - 1 - i) * 2 * DAY_MS) / EVENTS);
      messages.push({ key: user, value: JSON.stringify({ event_id: `e${i}`, ts, user_id: user, amount: i % 100 }) });
    }
    await producer.send({ topic, acks: 1, messages });
  }
  await producer.disconnect();
}

/** True when every partition's commit says the group has read it to the log end (and, with checkpoints, checkpointed it). */
async function readToEnd(admin, group, topic, checkpoints) {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return ends.every(({ partition, high }) => {
    const stored = decodeCommitMetadata(committed.partitions.find((p) => p.partition === partition)?.metadata);
    return stored !== undefined && stored.nextOffset === Number(high) && stored.checkpointed === checkpoints;
  });
}

/** The killed member is gone from the group, so a restart is assigned every partition at once. */
async function memberExpired(admin, group) {
  const [description] = (await admin.describeGroups([group])).groups;
  return description.state === 'Empty';
}

/** A pipeline's first aggregator reads the backlog and is killed; its open states are what every restart must bring back. */
async function prepare(admin, brokers, topic, size, mode) {
  const name = unique(`bench_recovery_${size}_${mode.checkpoints ? 'on' : 'off'}`);
  const group = `${name}-aggregator`;
  const file = pipelineConfig(name, brokers, topic, size, mode.checkpoints);
  const first = startAggregator(file);
  try {
    const started = Date.now();
    await waitFor(() => readToEnd(admin, group, topic, mode.checkpoints), `${name} to read the backlog`, { everyMs: 250, log: first.log });
    const states = await first.metric('sluice_aggregator_state_entries');
    say(`${size} ${mode.label}: backlog read in ${((Date.now() - started) / 1000).toFixed(1)} s, ${states} open states at the kill`);
    return { size, mode, name, group, file, states };
  } finally {
    await first.kill();
  }
}

/** One restart of a prepared pipeline: wall and CPU seconds until every open state is back and emitted. */
async function recover(admin, pipeline) {
  await waitFor(() => memberExpired(admin, pipeline.group), `${pipeline.name}'s killed member to expire`, { everyMs: 500, timeoutMs: 120_000 });
  const started = Date.now();
  const restarted = startAggregator(pipeline.file);
  try {
    let cpu;
    let wall;
    const recovered = async () => {
      if (!restarted.alive()) throw new Error(`${pipeline.name} exited during recovery:\n${restarted.log()}`);
      const done =
        (await restarted.metric('sluice_aggregator_owned_partitions')) === PARTITIONS &&
        (await restarted.metric('sluice_aggregator_state_entries')) === pipeline.states &&
        (await restarted.metric('sluice_aggregator_results_total', { kind: 'update' })) >= pipeline.states;
      if (done) [cpu, wall] = [cpuSeconds(restarted.pid), (Date.now() - started) / 1000];
      return done;
    };
    // A process too busy replaying to answer /metrics in time has simply not recovered yet.
    const answered = () => recovered().catch((error) => (restarted.alive() && error.name === 'TimeoutError' ? false : Promise.reject(error)));
    await waitFor(answered, `${pipeline.name} to recover`, { log: restarted.log });
    const reread = await restarted.metric('sluice_aggregator_events_total');
    const restored = await restarted.metric('sluice_aggregator_restored_states_total');
    return { wall, cpu, reread, restored };
  } finally {
    await restarted.kill();
  }
}

async function startBroker() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-kafka-'));
  const broker = await devstack.startLocalBroker({ port: await devstack.findFreePort(), controllerPort: await devstack.findFreePort(), dataDir, maxHeap: '1g' });
  return {
    bootstrap: broker.bootstrap,
    stop: async () => {
      await devstack.stopLocalBroker(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const broker = args.brokers ? { bootstrap: args.brokers, stop: async () => undefined } : await startBroker();
  const stopAll = async () => {
    for (const child of children) child.kill('SIGKILL');
    await broker.stop();
  };
  // Ctrl-C or a kill of the script still stops what it started.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopAll().finally(() => process.exit(130)));
  const kafka = new Kafka({ clientId: 'sluice-bench-recovery', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topic = unique('bench_recovery');
    say(`preloading ${EVENTS} JSON events over ${KEYS} keys into ${topic}`);
    await preload(kafka, admin, topic);
    const pipelines = [];
    for (const size of SIZES) for (const mode of MODES) pipelines.push(await prepare(admin, broker.bootstrap, topic, size, mode));
    const runs = new Map(pipelines.map((pipeline) => [pipeline, []]));
    // Runs in turn, so that load from other work on the machine falls on every pipeline alike.
    for (let run = 0; run < RUNS; run++) {
      for (const pipeline of pipelines) {
        const result = await recover(admin, pipeline);
        runs.get(pipeline).push(result);
        say(`run ${run + 1} ${pipeline.size} ${pipeline.mode.label}: ${result.wall.toFixed(2)} s, ${result.cpu.toFixed(2)} CPU-s, ${result.reread} records re-read, ${result.restored} states restored`);
      }
    }
    const report = pipelines.map((pipeline) => {
      const results = runs.get(pipeline);
      const med = (field) => median(results.map((r) => r[field]));
      return { size: pipeline.size, checkpoints: pipeline.mode.checkpoints, openStates: pipeline.states, wallSeconds: med('wall'), cpuSeconds: med('cpu'), recordsReread: med('reread'), statesRestored: med('restored'), runs: results };
    });
    const [smallest, largest] = [SIZES[0], SIZES[SIZES.length - 1]];
    const ratios = {};
    for (const mode of MODES) {
      const row = (size) => report.find((r) => r.size === size && r.checkpoints === mode.checkpoints);
      ratios[mode.checkpoints ? 'checkpointsOn' : 'checkpointsOff'] = {
        wall: +(row(largest).wallSeconds / row(smallest).wallSeconds).toFixed(2),
        cpu: +(row(largest).cpuSeconds / row(smallest).cpuSeconds).toFixed(2),
      };
    }
    console.log('| view | mode | open states | records re-read | states restored | wall s to catch up | CPU-s to catch up |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of report) console.log(`| ${r.size} | checkpoints ${r.checkpoints ? 'on' : 'off'} | ${r.openStates} | ${r.recordsReread} | ${r.statesRestored} | ${r.wallSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} |`);
    for (const [mode, ratio] of Object.entries(ratios)) console.log(`${largest}/${smallest} ${mode}: wall ${ratio.wall}, CPU ${ratio.cpu}`);
    console.log(JSON.stringify({ events: EVENTS, runs: RUNS, partitions: PARTITIONS, keys: KEYS, ratio: `${largest}/${smallest}`, ratios, report }, null, 2));
  } finally {
    await admin.disconnect();
    await stopAll();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
