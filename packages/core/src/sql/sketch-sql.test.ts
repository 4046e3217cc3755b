import { quantileOfBuckets } from '../sketches/ddsketch';
import { DDSKETCH_ALPHA, DDSKETCH_GAMMA, keyOf, valueOfKey } from '../sketches/ddsketch-mapping';
import { HLL_LINEAR_COUNTING_MIN_ZEROS, HLL_REGISTERS, hllEstimate } from '../sketches/hll-estimate';
import { ddsketchQuantileSql, hllEstimateSql } from './sketch-sql';

// The SQL twins repeat these JavaScript estimators; the sink's integration
// test runs both against ClickHouse and compares them bit for bit.

const balanced = (sql: string) => {
  let depth = 0;
  for (const char of sql) {
    depth += char === '(' ? 1 : char === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
};

describe('hllEstimate (what hllEstimateSql computes)', () => {
  it('is 0 for no registers and exact for a few values', () => {
    expect(hllEstimate(HLL_REGISTERS, 0)).toBe(0);
    expect(hllEstimate(HLL_REGISTERS - 1, 0.5)).toBe(1);
    expect(hllEstimate(HLL_REGISTERS - 10, 10 * 0.25)).toBe(10);
  });

  it('switches from linear counting to the raw estimate at 3 m', () => {
    expect(HLL_LINEAR_COUNTING_MIN_ZEROS).toBe(816);
    const linear = hllEstimate(816, 0);
    expect(linear).toBeLessThanOrEqual(3 * HLL_REGISTERS);
    expect(linear).toBeGreaterThan(2.99 * HLL_REGISTERS);
  });

  it('reads the merged arrays once each, in balanced SQL', () => {
    const sql = hllEstimateSql('(maxMap(r, k)).1', '(maxMap(r, k)).2');
    expect(sql.split('(maxMap(r, k)).1')).toHaveLength(2);
    expect(sql.split('(maxMap(r, k)).2')).toHaveLength(2);
    expect(balanced(sql)).toBe(true);
    expect(sql).not.toMatch(/undefined|NaN/);
  });
});

describe('DDSketch rank walk (what ddsketchQuantileSql computes)', () => {
  const buckets = { keys: [keyOf(-5), 0, keyOf(7)], counts: [1, 3, 1] };

  it('picks the bucket of the element of rank floor(q * n), at most n - 1', () => {
    expect(quantileOfBuckets(0, buckets)).toBe(valueOfKey(keyOf(-5)));
    expect(quantileOfBuckets(0.2, buckets)).toBe(0);
    expect(quantileOfBuckets(0.79, buckets)).toBe(0);
    expect(quantileOfBuckets(0.8, buckets)).toBe(valueOfKey(keyOf(7)));
    expect(quantileOfBuckets(1, buckets)).toBe(valueOfKey(keyOf(7)));
    expect(quantileOfBuckets(0.5, { keys: [], counts: [] })).toBeNull();
  });

  it('gives every key a value monotonic in the key and within alpha of its bucket bounds', () => {
    const problems: number[] = [];
    let previous = -Infinity;
    for (let key = -32_767; key <= 32_767; key++) {
      const value = valueOfKey(key);
      if (!(value > previous)) problems.push(key);
      previous = value;
      if (key === 0) continue;
      const upper = DDSKETCH_GAMMA ** (Math.abs(key) - 16_384);
      const lower = upper / DDSKETCH_GAMMA;
      const magnitude = Math.abs(value);
      const tolerance = 1 + 1e-9;
      if (Math.abs(magnitude - upper) > DDSKETCH_ALPHA * upper * tolerance) problems.push(key);
      if (Math.abs(magnitude - lower) > DDSKETCH_ALPHA * lower * tolerance) problems.push(key);
    }
    expect(problems).toEqual([]);
  });

  it('writes balanced SQL reading each array once, and refuses levels outside [0, 1]', () => {
    const sql = ddsketchQuantileSql(0.95, '(sumMap(k, c)).1', '(sumMap(k, c)).2');
    expect(sql.split('(sumMap(k, c)).1')).toHaveLength(2);
    expect(balanced(sql)).toBe(true);
    expect(sql).toContain('0.95 * total');
    expect(() => ddsketchQuantileSql(1.5, 'k', 'c')).toThrow(RangeError);
    expect(() => ddsketchQuantileSql(Number.NaN, 'k', 'c')).toThrow(RangeError);
  });
});
