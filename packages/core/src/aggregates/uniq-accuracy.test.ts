import { uniqAggregator } from './uniq';

/** 1.04 / sqrt(m) for m = 2^14 registers: the relative standard error docs/accuracy.md states. */
const STANDARD_ERROR = 1.04 / Math.sqrt(16_384);
/** The stated bound: within 4 standard errors (3.25%), or 2 for small sets. */
const allowedError = (n: number) => Math.max(2, 4 * STANDARD_ERROR * n);

function checkpoints(max: number, perDecade: number): number[] {
  const points = new Set<number>();
  for (let step = 0; step <= Math.log10(max) * perDecade; step++) points.add(Math.round(10 ** (step / perDecade)));
  return [...points];
}

describe('uniq accuracy', () => {
  it('stays within the stated bound from 1 to 1,000,000 distinct values, with the stated standard error', () => {
    const points = checkpoints(1_000_000, 25);
    let squaredErrors = 0;
    let measured = 0;
    for (let stream = 0; stream < 2; stream++) {
      const sketch = uniqAggregator.create();
      let next = 0;
      for (let n = 1; n <= 1_000_000; n++) {
        uniqAggregator.add(sketch, `user-${stream}-${n}`);
        if (n !== points[next]) continue;
        next++;
        const estimate = uniqAggregator.result(sketch) as number;
        expect({ n, error: Math.abs(estimate - n) <= allowedError(n) }).toEqual({ n, error: true });
        if (n >= 1_000) {
          squaredErrors += ((estimate - n) / n) ** 2;
          measured++;
        }
      }
    }
    const rms = Math.sqrt(squaredErrors / measured);
    expect(rms).toBeLessThan(1.25 * STANDARD_ERROR);
    expect(rms).toBeGreaterThan(0.5 * STANDARD_ERROR);
  });

  it('is exact for most small sets', () => {
    let exact = 0;
    for (let set = 0; set < 200; set++) {
      const sketch = uniqAggregator.create();
      const size = 1 + (set % 50);
      for (let i = 0; i < size; i++) uniqAggregator.add(sketch, `${set}/${i}`);
      if (uniqAggregator.result(sketch) === size) exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(195);
  });

  it('ignores repeats', () => {
    const sketch = uniqAggregator.create();
    for (let i = 0; i < 100_000; i++) uniqAggregator.add(sketch, i % 37);
    expect(uniqAggregator.result(sketch)).toBe(37);
  });
});
