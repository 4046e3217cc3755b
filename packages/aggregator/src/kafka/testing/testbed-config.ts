import { parsePipeline, type PipelineConfig } from '@sluice/core';

/** Event time of the first test event, on a 10 s boundary. */
export const T0 = 1_700_000_000_000;

/**
 * Two source partitions, a tumbling and a session view (whose merges emit
 * retractions), out-of-orderness 1 s, a flush every 100 ms and a commit
 * every 300 ms. Idle handling is off (1 h) unless a test is about it;
 * checkpoints are off unless asked for.
 */
export function testbedConfig({ idleTimeoutMs = 3_600_000, checkpoints = false }: { idleTimeoutMs?: number; checkpoints?: boolean } = {}): PipelineConfig {
  return parsePipeline(
    `
name: eo
kafka: { brokers: ["127.0.0.1:9"], topics: { results: eo.results, late: eo.late, deadLetter: eo.dlq } }
aggregator: { updateInterval: 100, maxOutOfOrderness: 1000, idleTimeout: ${idleTimeoutMs}, commitInterval: 300, checkpoints: ${checkpoints} }
sources:
  events: { topic: events, key: user, timestamp: ts, partitions: 2 }
views:
  - name: per_user
    source: events
    window: { type: tumbling, size: 10s }
    lateness: 2s
    groupBy: [user]
    measures: { events: count, amount: sum(amount) }
  - name: sessions
    source: events
    window: { type: session, gap: 3s }
    groupBy: [user]
    measures: { events: count, top: max(amount) }
`,
    { env: {} },
  );
}

/** A seeded generator of numbers in [0, 1) (mulberry32), so a failing case replays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Source records of three users, 250 ms apart with pauses that end sessions,
 * some out of order within the bound, some late beyond the lateness, and a
 * few that are not JSON at all.
 */
export function sourceRecords(seed: number, count: number): (object | string)[] {
  const random = seededRandom(seed);
  const records: (object | string)[] = [];
  let base = T0;
  for (let i = 0; i < count; i++) {
    base += random() < 0.05 ? 4_000 : 250;
    const roll = random();
    if (roll < 0.01) {
      records.push('not json');
      continue;
    }
    const skew = roll < 0.05 ? -14_000 : roll < 0.3 ? -Math.floor(random() * 1_500) : 0;
    records.push({ user: `u${Math.floor(random() * 3)}`, ts: base + skew, amount: Math.floor(random() * 100) });
  }
  return records;
}
