// Per-event cost of the speed layer's pure core against decoding alone.
// Peer: JSON.parse of each record, discarded (what a decode-and-discard
// consumer does per event). Subject: the same decode, then what the
// aggregator does per event with @sluice/core: where filter, group key,
// window assignment, and folding every measure of two views (a tumbling
// minute with count/uniq/sum/avg/quantile, and a 5m/1m hopping view).
// Times are process CPU time (user + system, GC threads included), so other
// processes sharing the cores disturb the ratio less than wall time would.
// Prints subject/peer throughput per run and the median ratio.
// Usage: npx turbo run build --filter=@sluice/core && node bench/core-fold/run.js [events] [runs]
'use strict';
const core = require('../../packages/core/dist');

const EVENTS = Number(process.argv[2] ?? 300_000);
const RUNS = Number(process.argv[3] ?? 7);

function seededRandom(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRecords(count) {
  const random = seededRandom(42);
  const pages = Array.from({ length: 50 }, (_, i) => `/page/${i}`);
  const countries = ['KR', 'US', 'DE', 'JP', 'BR', 'IN', 'FR', 'GB'];
  const start = Date.parse('2026-11-25T00:00:00Z');
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      event_id: `0193${i.toString(16).padStart(12, '0')}`,
      ts: start + i * 20 + Math.floor(random() * 2_000),
      type: random() < 0.8 ? 'page_view' : 'click',
      user_id: `u${Math.floor(random() * 50_000)}`,
      page: pages[Math.floor(random() * pages.length)],
      country: countries[Math.floor(random() * countries.length)],
      amount: Math.round(random() * 10_000) / 100,
      latency_ms: Math.floor(-Math.log(1 - random()) * 80),
    }),
  );
}

const VIEWS = [
  {
    where: { type: ['page_view'] },
    window: { type: 'tumbling', sizeMs: 60_000 },
    groupBy: ['page', 'country'],
    measures: [
      { name: 'views', kind: 'count' },
      { name: 'users', kind: 'uniq', field: 'user_id' },
      { name: 'revenue', kind: 'sum', field: 'amount' },
      { name: 'avg_ms', kind: 'avg', field: 'latency_ms' },
      { name: 'p95_ms', kind: 'quantile', field: 'latency_ms', q: 0.95 },
    ],
  },
  {
    where: {},
    window: { type: 'hopping', sizeMs: 300_000, hopMs: 60_000 },
    groupBy: ['country'],
    measures: [
      { name: 'events', kind: 'count' },
      { name: 'max_amount', kind: 'max', field: 'amount' },
    ],
  },
];

function makeFolder(view) {
  const matches = core.compileWhere(view.where);
  const aggregators = view.measures.map((measure) => core.aggregatorFor(measure));
  const fields = view.measures.map((measure) => measure.field);
  const windows = new Map();
  // Each field is read and prepared (parsed, hashed) once per event, then
  // added to every window the event falls in.
  const prepared = new Array(aggregators.length);
  let group;
  // One visitor per view, created once: the per-event path allocates no closures.
  const visit = (start) => {
    let byGroup = windows.get(start);
    if (byGroup === undefined) windows.set(start, (byGroup = new Map()));
    let states = byGroup.get(group);
    if (states === undefined) byGroup.set(group, (states = aggregators.map((aggregator) => aggregator.create())));
    for (let i = 0; i < states.length; i++) states[i] = aggregators[i].addPrepared(states[i], prepared[i]);
  };
  return {
    fold(event) {
      if (!matches(event)) return;
      for (let i = 0; i < aggregators.length; i++) {
        const field = fields[i];
        prepared[i] = aggregators[i].prepare(field === undefined ? undefined : core.readField(event, field));
      }
      group = core.groupKeyOf(event, view.groupBy);
      core.forEachWindow(view.window, core.parseEventTime(event.ts), visit);
    },
    windowCount: () => windows.size,
  };
}

function cpuSecondsSince(started) {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

function timePeer(records) {
  let sink = 0;
  const started = process.cpuUsage();
  for (const record of records) sink += JSON.parse(record).ts & 1;
  return { seconds: cpuSecondsSince(started), sink };
}

function timeSubject(records) {
  const folders = VIEWS.map(makeFolder);
  const started = process.cpuUsage();
  for (const record of records) {
    const decoded = JSON.parse(record);
    for (const folder of folders) folder.fold(decoded);
  }
  return { seconds: cpuSecondsSince(started), sink: folders[0].windowCount() };
}

const records = makeRecords(EVENTS);
timePeer(records.slice(0, 50_000));
timeSubject(records.slice(0, 50_000));
const ratios = [];
for (let run = 1; run <= RUNS; run++) {
  const peer = timePeer(records);
  const subject = timeSubject(records);
  const peerRate = EVENTS / peer.seconds;
  const subjectRate = EVENTS / subject.seconds;
  ratios.push(subjectRate / peerRate);
  console.log(
    `run ${run}: decode-only ${Math.round(peerRate)} ev/s, decode+fold ${Math.round(subjectRate)} ev/s, ratio ${(subjectRate / peerRate).toFixed(3)}`,
  );
}
ratios.sort((a, b) => a - b);
console.log(`median ratio (decode+fold / decode-only) over ${RUNS} runs: ${ratios[Math.floor(RUNS / 2)].toFixed(3)}`);

// Where the fold's time goes: CPU ns per event of each core operation on
// already decoded events, median of the runs (one state per measure, so no
// state creation; `add` includes reading the field).
const decoded = records.map((record) => JSON.parse(record));
const nsPerEvent = (operation) => {
  const started = process.cpuUsage();
  operation();
  return (cpuSecondsSince(started) * 1e9) / decoded.length;
};
const parts = {
  'JSON.parse (the peer)': () => records.forEach((record) => JSON.parse(record)),
  'compileWhere predicate': (() => {
    const matches = core.compileWhere({ type: ['page_view'] });
    return () => decoded.forEach((event) => matches(event));
  })(),
  'parseEventTime': () => decoded.forEach((event) => core.parseEventTime(event.ts)),
  'groupKeyOf, 2 fields': () => decoded.forEach((event) => core.groupKeyOf(event, ['page', 'country'])),
  'forEachWindow, tumbling': () => decoded.forEach((event) => core.forEachWindow(VIEWS[0].window, event.ts, () => {})),
  'forEachWindow, hopping 5/1': () => decoded.forEach((event) => core.forEachWindow(VIEWS[1].window, event.ts, () => {})),
};
for (const measure of VIEWS[0].measures) {
  const aggregator = core.aggregatorFor(measure);
  parts[`${measure.kind} add`] = () => {
    let state = aggregator.create();
    for (const event of decoded) state = aggregator.add(state, measure.field === undefined ? undefined : core.readField(event, measure.field));
  };
}
for (const [name, operation] of Object.entries(parts)) {
  const samples = Array.from({ length: RUNS }, () => nsPerEvent(operation)).sort((a, b) => a - b);
  console.log(`${name}: ${samples[Math.floor(RUNS / 2)].toFixed(0)} ns/event`);
}
