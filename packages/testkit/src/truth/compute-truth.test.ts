import { buildPipeline } from '@sluice/core';
import type { GeneratedEvent, SendKind } from '@sluice/producer';
import { computeTruth } from './compute-truth';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

const config = buildPipeline({
  sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts', partitions: 2 } },
  views: [
    {
      name: 'tumbling',
      source: 'events',
      where: { type: 'page_view' },
      window: { type: 'tumbling', size: '1m' },
      groupBy: ['page'],
      measures: {
        n: 'count',
        total: 'sum(latency_ms)',
        low: 'min(latency_ms)',
        high: 'max(latency_ms)',
        mean: 'avg(latency_ms)',
        users: 'uniq(user_id)',
        p50: 'quantile(0.5, latency_ms)',
        p99: 'quantile(0.99, latency_ms)',
      },
    },
    { name: 'hopping', source: 'events', window: { type: 'hopping', size: '2m', hop: '1m' }, measures: { n: 'count', revenue: 'sum(amount)', top: 'max(amount)' } },
    { name: 'sessions', source: 'events', window: { type: 'session', gap: '10m' }, groupBy: ['user_id'], measures: { n: 'count' } },
  ],
});

let serial = 0;
function record(fields: Record<string, string | number>, kind: SendKind = 'normal', id = `e${++serial}`): GeneratedEvent {
  return { event: { event_id: id, type: 'page_view', user_id: 'u1', page: '/', ...fields }, key: 'u1', partition: 0, kind, sendOffsetMs: 0 };
}

describe('computeTruth', () => {
  it('computes every measure of a tumbling window by hand', () => {
    const records = [
      record({ ts: T0 + 1_000, latency_ms: 30, user_id: 'a' }),
      record({ ts: T0 + 2_000, latency_ms: 10, user_id: 'b' }),
      record({ ts: T0 + 59_999, latency_ms: 20, user_id: 'a' }),
      record({ ts: T0 + 60_000, latency_ms: 5, user_id: 'c' }),
      record({ ts: T0 + 3_000, page: '/cart' }),
      record({ ts: T0 + 4_000, type: 'click', latency_ms: 999 }),
    ];
    const truth = computeTruth(config, { source: 'events', records });
    expect(truth.views['tumbling']?.rows).toEqual([
      { windowStart: T0, windowEnd: T0 + MINUTE, group: ['/'], measures: { n: 3, total: 60, low: 10, high: 30, mean: 20, users: 2, p50: 20, p99: 30 } },
      { windowStart: T0, windowEnd: T0 + MINUTE, group: ['/cart'], measures: { n: 1, total: 0, low: null, high: null, mean: null, users: 1, p50: null, p99: null } },
      { windowStart: T0 + MINUTE, windowEnd: T0 + 2 * MINUTE, group: ['/'], measures: { n: 1, total: 5, low: 5, high: 5, mean: 5, users: 1, p50: 5, p99: 5 } },
    ]);
  });

  it('picks the quantile at index floor(q * n) of the sorted values', () => {
    const records = [40, 10, 30, 20].map((latency) => record({ ts: T0 + latency, latency_ms: latency }));
    const row = computeTruth(config, { source: 'events', records }).views['tumbling']?.rows[0];
    // sorted [10, 20, 30, 40]: q=0.5 -> index 2 -> 30; q=0.99 -> index 3 -> 40
    expect(row?.measures).toMatchObject({ p50: 30, p99: 40 });
  });

  it('puts an event in every hopping window that contains it, aligned to the epoch', () => {
    const records = [record({ ts: T0 + 90_000, type: 'purchase', amount: 7 }), record({ ts: T0 + 150_000, type: 'purchase', amount: 3 })];
    const rows = computeTruth(config, { source: 'events', records }).views['hopping']?.rows;
    expect(rows).toEqual([
      { windowStart: T0, windowEnd: T0 + 2 * MINUTE, group: [], measures: { n: 1, revenue: 7, top: 7 } },
      { windowStart: T0 + MINUTE, windowEnd: T0 + 3 * MINUTE, group: [], measures: { n: 2, revenue: 10, top: 7 } },
      { windowStart: T0 + 2 * MINUTE, windowEnd: T0 + 4 * MINUTE, group: [], measures: { n: 1, revenue: 3, top: 3 } },
    ]);
  });

  it('splits sessions at gaps of at least the session gap, ending at last event + gap', () => {
    const records = [0, 5, 14, 24, 40].map((minute) => record({ ts: T0 + minute * MINUTE, user_id: 'u1' }));
    records.push(record({ ts: T0, user_id: 'u2' }));
    const rows = computeTruth(config, { source: 'events', records }).views['sessions']?.rows;
    expect(rows).toEqual([
      { windowStart: T0, windowEnd: T0 + 10 * MINUTE, group: ['u2'], measures: { n: 1 } },
      { windowStart: T0, windowEnd: T0 + 24 * MINUTE, group: ['u1'], measures: { n: 3 } },
      { windowStart: T0 + 24 * MINUTE, windowEnd: T0 + 34 * MINUTE, group: ['u1'], measures: { n: 1 } },
      { windowStart: T0 + 40 * MINUTE, windowEnd: T0 + 50 * MINUTE, group: ['u1'], measures: { n: 1 } },
    ]);
  });

  it('counts duplicates once in rows and twice in speedRows, and late events only in rows', () => {
    const records = [
      record({ ts: T0 + 1_000 }, 'normal', 'same'),
      record({ ts: T0 + 1_000 }, 'duplicate', 'same'),
      record({ ts: T0 + 2_000 }, 'late', 'late-one'),
    ];
    const truth = computeTruth(config, { source: 'events', records });
    expect(truth.events).toBe(3);
    expect(truth.distinctEvents).toBe(2);
    expect(truth.lateEventIds).toEqual(['late-one']);
    expect(truth.views['tumbling']?.rows[0]?.measures['n']).toBe(2);
    expect(truth.views['tumbling']?.speedRows[0]?.measures['n']).toBe(2);
    expect(truth.views['hopping']?.rows.map((row) => row.measures['n'])).toEqual([2, 2]);
    expect(truth.views['hopping']?.speedRows.map((row) => row.measures['n'])).toEqual([2, 2]);
  });

  it('stringifies group values: numbers via String, booleans, missing as empty', () => {
    const grouped = buildPipeline({
      sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts' } },
      views: [{ name: 'v', source: 'events', window: { type: 'tumbling', size: '1m' }, groupBy: ['a', 'b', 'c'], measures: { n: 'count' } }],
    });
    const rows = computeTruth(grouped, { source: 'events', records: [record({ ts: T0, a: 1.5, b: 'x' }), { ...record({ ts: T0 }), event: { event_id: 'z', ts: T0, a: 2, c: 'y' } }] }).views['v']?.rows;
    expect(rows?.map((row) => row.group)).toEqual([['1.5', 'x', ''], ['2', '', 'y']]);
  });

  it('accepts ISO-8601 event times', () => {
    const rows = computeTruth(config, { source: 'events', records: [record({ ts: '2026-01-01T00:00:30Z' })] }).views['tumbling']?.rows;
    expect(rows?.[0]).toMatchObject({ windowStart: T0, windowEnd: T0 + MINUTE });
  });
});
