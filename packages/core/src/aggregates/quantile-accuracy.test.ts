import { quantileAggregator } from './quantile';
import { seededRandom } from '../../../../test/support/seeded-random';

const random = seededRandom(2026);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const DISTRIBUTIONS: Record<string, () => number> = {
  uniform: () => random() * 1_000,
  exponential: () => -Math.log(1 - random()) * 50,
  logNormal: () => Math.exp(2 + 2 * normal()),
  pareto: () => (1 - random()) ** (-1 / 1.1),
  normalAroundZero: () => normal() * 100,
  latencyMs: () => Math.floor(-Math.log(1 - random()) * 40),
  tinyAndHuge: () => (random() < 0.5 ? 1e-9 : 1e12) * (1 + random()),
  negativeHeavyTail: () => -((1 - random()) ** (-1 / 0.8)),
};
const LEVELS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** The element quantileExact returns: rank floor(q * n), at most n - 1, of the sorted values. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(Math.floor(q * sorted.length), sorted.length - 1)] as number;
}

describe('quantile accuracy', () => {
  it.each(Object.keys(DISTRIBUTIONS))('is within 1%% of the exact element for %s values', (name) => {
    const draw = DISTRIBUTIONS[name] as () => number;
    for (let run = 0; run < 40; run++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 5_000) }, draw);
      const sorted = [...values].sort((a, b) => a - b);
      const sketch = quantileAggregator(0).create();
      for (const value of values) quantileAggregator(0).add(sketch, value);
      for (const q of [...LEVELS, random()]) {
        const aggregator = quantileAggregator(q);
        const exact = exactQuantile(sorted, q);
        const estimate = aggregator.result(sketch) as number;
        expect({ q, exact, within: Math.abs(estimate - exact) <= 0.01 * Math.abs(exact) * (1 + 1e-9) }).toEqual({
          q,
          exact,
          within: true,
        });
      }
    }
  });

  it('keeps zeros and the order of signs', () => {
    const aggregator = quantileAggregator(0.5);
    const sketch = aggregator.create();
    for (const value of [-5, 0, 0, 0, 7]) aggregator.add(sketch, value);
    expect(aggregator.result(sketch)).toBe(0);
    expect(aggregator.toWire(sketch)).toMatchObject({ counts: [1, 3, 1] });
  });

  it('clamps magnitudes beyond 1e142 into the end buckets instead of failing', () => {
    const aggregator = quantileAggregator(1);
    const sketch = aggregator.create();
    aggregator.add(sketch, 1e300);
    aggregator.add(sketch, -1e300);
    const wire = aggregator.toWire(sketch);
    expect(wire).toEqual({ kind: 'quantile', keys: [-32_767, 32_767], counts: [1, 1] });
    expect(aggregator.result(sketch)).toBeGreaterThan(1e141);
  });
});
