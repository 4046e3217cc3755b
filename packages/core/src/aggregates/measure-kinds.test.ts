import type { Measure } from '../config/types';
import { MEASURE_FORMS, parseMeasureExpression } from '../config/measure-expression';
import { HLL_MAX_RANK } from '../sketches/hll-estimate';
import { aggregatorFor } from './aggregator-for';
import { checkMeasureState, isMeasureKind, MEASURE_KINDS, measureKindOf } from './measure-kinds';
import { InvalidMeasureStateError } from './wire-checks';
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

function randomValue(random: () => number): unknown {
  const pick = random();
  if (pick < 0.1) return undefined;
  if (pick < 0.15) return null;
  if (pick < 0.2) return 'n/a';
  if (pick < 0.3) return String(Math.floor(random() * 100));
  return Math.round((random() - 0.3) * 1e6) / 100;
}

describe('MEASURE_KINDS', () => {
  it('keys every kind by its own name and covers every measure', () => {
    for (const [name, kind] of Object.entries(MEASURE_KINDS)) expect(kind.kind).toBe(name);
    expect(MEASURES.map((measure) => measure.kind).sort()).toEqual(Object.keys(MEASURE_KINDS).sort());
    expect(isMeasureKind('toString')).toBe(false);
  });

  it('lists the forms in the order messages always had', () => {
    expect(MEASURE_FORMS).toBe('count, sum(field), min(field), max(field), avg(field), uniq(field), quantile(q, field) with 0 <= q <= 1');
  });

  it('parses each kind, and refuses forms a kind does not have', () => {
    expect(parseMeasureExpression('count')).toEqual({ kind: 'count' });
    expect(parseMeasureExpression(' count() ')).toEqual({ kind: 'count' });
    expect(parseMeasureExpression('max( amount )')).toEqual({ kind: 'max', field: 'amount' });
    expect(parseMeasureExpression('quantile(0.5, ms)')).toEqual({ kind: 'quantile', q: 0.5, field: 'ms' });
    expect(parseMeasureExpression('count(x)')).toEqual({ error: `unknown measure function count; use one of ${MEASURE_FORMS}` });
    expect(parseMeasureExpression('sum')).toEqual({ error: `is not a measure; use one of ${MEASURE_FORMS}` });
    expect(parseMeasureExpression('avg(a, b)')).toEqual({ error: 'avg needs exactly one field name, as in avg(amount)' });
    expect(parseMeasureExpression('quantile(2, ms)')).toMatchObject({ error: expect.stringContaining('between 0 and 1') });
  });

  it('lays out state parts as the fields of the wire form, and checks a wire form back to itself (500 random states each)', () => {
    const random = seededRandom(3);
    for (const measure of MEASURES) {
      const kind = measureKindOf(measure);
      const aggregator = aggregatorFor(measure);
      for (let run = 0; run < 500; run++) {
        let state = aggregator.create();
        for (let i = Math.floor(random() * 50); i > 0; i--) state = aggregator.add(state, randomValue(random));
        const wire = aggregator.toWire(state);
        expect(Object.keys(wire).filter((field) => field !== 'kind').sort()).toEqual(kind.stateParts.map((part) => part.field).sort());
        expect(checkMeasureState(measure, JSON.parse(JSON.stringify(wire)), measure.name)).toEqual(wire);
      }
    }
  });

  it('folds prepared inputs exactly as it folds the values (1,000 random values each)', () => {
    const random = seededRandom(4);
    for (const measure of MEASURES) {
      const aggregator = aggregatorFor(measure);
      let added = aggregator.create();
      let prepared = aggregator.create();
      for (let i = 0; i < 1_000; i++) {
        const value = randomValue(random);
        added = aggregator.add(added, value);
        prepared = aggregator.addPrepared(prepared, aggregator.prepare(value));
      }
      expect(aggregator.toWire(prepared)).toEqual(aggregator.toWire(added));
    }
  });

  it('has oracles that agree with the exact aggregators (300 random windows)', () => {
    const random = seededRandom(6);
    for (let run = 0; run < 300; run++) {
      const events = Array.from({ length: Math.floor(random() * 40) }, () => ({ x: randomValue(random) }));
      for (const measure of MEASURES.filter((m) => m.kind !== 'uniq' && m.kind !== 'quantile')) {
        const aggregator = aggregatorFor(measure);
        let state = aggregator.create();
        // The oracle reads numbers only; numeric strings are the engine's extra, left out here.
        for (const event of events) if (typeof event.x !== 'string') state = aggregator.add(state, event.x);
        const numeric = events.filter((event) => typeof event.x !== 'string');
        const expected = measure.kind === 'count' ? events.length : aggregator.result(state);
        expect(measureKindOf(measure).oracle(measure, measure.kind === 'count' ? events : numeric, String)).toBe(expected);
      }
    }
  });
});

describe('checkMeasureState', () => {
  const [count, , , , , uniq, quantile] = MEASURES as [Measure, Measure, Measure, Measure, Measure, Measure, Measure];
  it.each([
    ['a non-object', count, 3, 'n must be an object'],
    ['another kind', count, { kind: 'sum', sum: 1 }, 'n.kind must be count, got "sum"'],
    ['a fractional count', count, { kind: 'count', count: 1.5 }, 'n.count must be an integer from 0 to 9007199254740991, got 1.5'],
    ['a rank no hash gives', uniq, { kind: 'uniq', registers: [1], ranks: [HLL_MAX_RANK + 1] }, `users.ranks[0] must be an integer from 1 to ${HLL_MAX_RANK}`],
    ['unsorted registers', uniq, { kind: 'uniq', registers: [3, 1], ranks: [1, 1] }, 'users.registers must be strictly ascending'],
    ['a key past the sketch', quantile, { kind: 'quantile', keys: [-32_768], counts: [1] }, 'p95.keys[0] must be an integer from -32767 to 32767'],
    ['parts of two lengths', quantile, { kind: 'quantile', keys: [1, 2], counts: [1] }, 'p95.keys and p95.counts differ in length (2 vs 1)'],
  ])('refuses %s, naming the part', (_name, measure, value, message) => {
    expect(() => checkMeasureState(measure, value, measure.name)).toThrow(InvalidMeasureStateError);
    expect(() => checkMeasureState(measure, value, measure.name)).toThrow(message);
  });

  it('is the check fromWire applies', () => {
    expect(() => aggregatorFor(uniq).fromWire({ kind: 'uniq', registers: [1], ranks: [HLL_MAX_RANK + 1] })).toThrow('out of range');
  });
});
