import { buildPipeline } from '@sluice/core';
import { partitionOf } from '../event/record-key';
import { generateEvents } from './generate-events';

const config = buildPipeline({
  sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts', partitions: 4 } },
  aggregator: { maxOutOfOrderness: '5s' },
  views: [
    { name: 'pages', source: 'events', where: { type: 'page_view' }, window: { type: 'tumbling', size: '1m' }, lateness: '30s', groupBy: ['page'], measures: { n: 'count' } },
    { name: 'revenue', source: 'events', window: { type: 'hopping', size: '5m', hop: '1m' }, lateness: '30s', measures: { n: 'count' } },
    { name: 'sessions', source: 'events', window: { type: 'session', gap: '2m' }, groupBy: ['user_id'], measures: { n: 'count' } },
  ],
});
const START = Date.UTC(2026, 0, 1);
const options = { events: 3000, rate: 1000, timeStepMs: 1000, late: 0.05, duplicates: 0.05, outOfOrder: 0.1, seed: 7, startMs: START };

describe('generateEvents', () => {
  const run = generateEvents(config, options);

  it('is deterministic for a seed', () => {
    expect(generateEvents(config, options)).toEqual(run);
    expect(generateEvents(config, { ...options, seed: 8 }).records[0]?.event).not.toEqual(run.records[0]?.event);
  });

  it('makes every kind of record, keyed and partitioned as the producer does', () => {
    const kinds = new Set(run.records.map((record) => record.kind));
    expect([...kinds].sort()).toEqual(['duplicate', 'late', 'normal', 'out-of-order']);
    for (const record of run.records.slice(0, 200)) {
      expect(record.key).toBe(record.event['user_id']);
      expect(record.partition).toBe(partitionOf(record.key, 4));
    }
    const distinct = new Set(run.records.map((record) => record.event['event_id']));
    expect(distinct.size).toBe(3000);
    expect(run.records.filter((record) => record.kind === 'duplicate').length).toBe(run.records.length - 3000);
  });

  it('sends on-time records within maxOutOfOrderness of their partition and late ones far past every window', () => {
    const partitionMax = new Map<number, number>();
    const horizon = 5_000 + 5 * 60_000 + 30_000; // maxOutOfOrderness + largest window + lateness
    for (const record of run.records) {
      const ts = record.event['ts'] as number;
      const max = partitionMax.get(record.partition) ?? -Infinity;
      if (record.kind === 'late') {
        expect(max - ts).toBeGreaterThan(horizon);
      } else {
        expect(max - ts).toBeLessThanOrEqual(5_000);
        partitionMax.set(record.partition, Math.max(max, ts));
      }
    }
  });

  it('sends late records from offline users who send nothing on time', () => {
    for (const record of run.records) expect(String(record.event['user_id']).startsWith('o')).toBe(record.kind === 'late');
  });

  it('finds late moments for a long session gap too', () => {
    const sessions = buildPipeline({
      sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts', partitions: 6 } },
      views: [{ name: 's', source: 'events', window: { type: 'session', gap: '30m' }, groupBy: ['user_id'], measures: { n: 'count' } }],
    });
    const late = generateEvents(sessions, { events: 3000, rate: 1000, timeStepMs: 2000, late: 0.05, seed: 5, startMs: START }).records.filter((r) => r.kind === 'late');
    expect(late.length).toBeGreaterThan(50);
  });

  it('paces sends at the rate and faster through a spike', () => {
    const spiky = generateEvents(config, { ...options, late: 0, duplicates: 0, outOfOrder: 0, spike: 10 });
    const gaps = spiky.records.slice(1).map((record, index) => record.sendOffsetMs - (spiky.records[index]?.sendOffsetMs ?? 0));
    expect(gaps[0]).toBeCloseTo(1);
    expect(gaps[1250]).toBeCloseTo(0.1);
    expect(gaps[2900]).toBeCloseTo(1);
  });

  it('rejects fractions outside [0, 1]', () => {
    expect(() => generateEvents(config, { ...options, late: 1.5 })).toThrow('late (1.5) must be a fraction between 0 and 1');
  });
});
