import type { Measure } from '../config/types';
import { toMeasureNumber } from '../event/read-field';
import { aggregatorFor, type AnyMeasureAggregator } from './aggregator-for';
import { seededRandom } from '../../../../test/support/seeded-random';

const MEASURES: Measure[] = [
  { name: 'n', kind: 'count' },
  { name: 's', kind: 'sum', field: 'x' },
  { name: 'lo', kind: 'min', field: 'x' },
  { name: 'hi', kind: 'max', field: 'x' },
  { name: 'mean', kind: 'avg', field: 'x' },
  { name: 'users', kind: 'uniq', field: 'x' },
  { name: 'p95', kind: 'quantile', field: 'x', q: 0.95 },
];

/** Field values as events carry them: numbers of every scale and sign, numeric strings, junk, gaps. */
function randomValue(random: () => number): unknown {
  const pick = random();
  if (pick < 0.05) return undefined;
  if (pick < 0.08) return null;
  if (pick < 0.1) return 'n/a';
  if (pick < 0.12) return true;
  if (pick < 0.2) return String(Math.floor(random() * 1_000));
  if (pick < 0.25) return 0;
  const magnitude = Math.exp(random() * 40 - 15);
  return random() < 0.2 ? -magnitude : pick < 0.6 ? Math.floor(magnitude) : magnitude;
}

function aggregate(aggregator: AnyMeasureAggregator, values: readonly unknown[]): unknown {
  let state = aggregator.create();
  // Both entry points, mixed in one state: add(s, v) must equal addPrepared(s, prepare(v)).
  for (const value of values) {
    state = (value as number) > 1_000 ? aggregator.addPrepared(state, aggregator.prepare(value)) : aggregator.add(state, value);
  }
  return state;
}

/**
 * The wire form with any float sum split off: sums added in another order may
 * differ in their last bits, so they are compared within a tolerance instead.
 */
function split(aggregator: AnyMeasureAggregator, state: unknown): { exact: unknown; sum: number } {
  const wire = aggregator.toWire(state);
  if (wire.kind === 'sum' || wire.kind === 'avg') return { exact: { ...wire, sum: 0 }, sum: wire.sum };
  return { exact: wire, sum: 0 };
}

function checkMerging(aggregator: AnyMeasureAggregator, values: readonly unknown[], random: () => number): void {
  const expected = split(aggregator, aggregate(aggregator, values));
  const magnitude = values.reduce<number>((total, value) => total + Math.abs(toMeasureNumber(value) ?? 0), 0);
  const partCount = 1 + Math.floor(random() * 6);
  const parts: unknown[][] = Array.from({ length: partCount }, () => []);
  for (const value of values) parts[Math.floor(random() * partCount)]?.push(value);
  // Some partial states travel through their wire form, as they do between aggregator and sink.
  const states = parts.map((part) => {
    const state = aggregate(aggregator, part);
    return random() < 0.5 ? aggregator.fromWire(aggregator.toWire(state)) : state;
  });
  // Merge random pairs in random order: any tree shape, either operand first.
  let mergedFromChanged = false;
  while (states.length > 1) {
    const [a] = states.splice(Math.floor(random() * states.length), 1);
    const [b] = states.splice(Math.floor(random() * states.length), 1);
    const bBefore = JSON.stringify(aggregator.toWire(b));
    states.push(aggregator.merge(a, b));
    mergedFromChanged ||= JSON.stringify(aggregator.toWire(b)) !== bBefore;
  }
  expect(mergedFromChanged).toBe(false);
  const merged = split(aggregator, states[0]);
  expect(merged.exact).toEqual(expected.exact);
  expect(Math.abs(merged.sum - expected.sum)).toBeLessThanOrEqual(magnitude * 1e-13);
  expect(aggregator.result(aggregator.fromWire(aggregator.toWire(states[0])))).toEqual(aggregator.result(states[0]));
}

describe.each(MEASURES)('merging $kind states', (measure) => {
  const aggregator = aggregatorFor(measure);

  it('in any order and grouping equals aggregating everything at once (2,000 random cases)', () => {
    const random = seededRandom(measure.name.length * 7919);
    for (let run = 0; run < 2_000; run++) {
      const values = Array.from({ length: Math.floor(random() * 60) }, () => randomValue(random));
      checkMerging(aggregator, values, random);
    }
  });

  it('holds for large states too (sparse sketches turning dense)', () => {
    const random = seededRandom(measure.name.length * 104729);
    for (let run = 0; run < 20; run++) {
      const values = Array.from({ length: 500 + Math.floor(random() * 4_000) }, () => randomValue(random));
      checkMerging(aggregator, values, random);
    }
  });
});

describe('aggregator results', () => {
  const values = [3, '4', undefined, 'x', 1, 8, null];
  const resultOf = (measure: Measure) => {
    const aggregator = aggregatorFor(measure);
    return aggregator.result(aggregate(aggregator, values));
  };

  it('count every event and fold only the numeric values', () => {
    expect(resultOf({ name: 'n', kind: 'count' })).toBe(7);
    expect(resultOf({ name: 's', kind: 'sum', field: 'x' })).toBe(16);
    expect(resultOf({ name: 'lo', kind: 'min', field: 'x' })).toBe(1);
    expect(resultOf({ name: 'hi', kind: 'max', field: 'x' })).toBe(8);
    expect(resultOf({ name: 'mean', kind: 'avg', field: 'x' })).toBe(4);
    expect(resultOf({ name: 'u', kind: 'uniq', field: 'x' })).toBe(5);
    expect(resultOf({ name: 'q', kind: 'quantile', field: 'x', q: 0.5 })).toBeCloseTo(4, 1);
  });

  it('are 0 or null for empty states, as in ClickHouse', () => {
    const empty = (measure: Measure) => aggregatorFor(measure).result(aggregatorFor(measure).create());
    expect(empty({ name: 'n', kind: 'count' })).toBe(0);
    expect(empty({ name: 's', kind: 'sum', field: 'x' })).toBe(0);
    expect(empty({ name: 'lo', kind: 'min', field: 'x' })).toBeNull();
    expect(empty({ name: 'mean', kind: 'avg', field: 'x' })).toBeNull();
    expect(empty({ name: 'u', kind: 'uniq', field: 'x' })).toBe(0);
    expect(empty({ name: 'q', kind: 'quantile', field: 'x', q: 0.5 })).toBeNull();
  });

  it('count 7 and "7" as one distinct value', () => {
    const uniq = aggregatorFor({ name: 'u', kind: 'uniq', field: 'x' });
    expect(uniq.result(aggregate(uniq, [7, '7', 7.0]))).toBe(1);
  });

  it('reject wire states of another kind or out of range', () => {
    const uniq = aggregatorFor({ name: 'u', kind: 'uniq', field: 'x' });
    expect(() => uniq.fromWire({ kind: 'count', count: 1 })).toThrow('expected a uniq state, got count');
    expect(() => uniq.fromWire({ kind: 'uniq', registers: [16_384], ranks: [1] })).toThrow('out of range');
    const quantile = aggregatorFor({ name: 'q', kind: 'quantile', field: 'x', q: 0.5 });
    expect(() => quantile.fromWire({ kind: 'quantile', keys: [1, 2], counts: [1] })).toThrow('differ in length');
  });
});
