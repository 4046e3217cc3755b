/** HyperLogLog precision: 2^14 registers, standard error 1.04 / sqrt(m) = 0.81%. */
export const HLL_PRECISION = 14;
export const HLL_REGISTERS = 1 << HLL_PRECISION;
/** Largest rank a 32-bit hash can give: the 18 bits left after the index all zero, plus one. */
export const HLL_MAX_RANK = 32 - HLL_PRECISION + 1;
/** alpha_m * m^2 of the raw HLL estimate. */
export const HLL_ALPHA_MM = (0.7213 / (1 + 1.079 / HLL_REGISTERS)) * HLL_REGISTERS * HLL_REGISTERS;
/**
 * Linear counting, m ln(m / V) over the V empty registers, is used while it
 * estimates at most 3 m, that is while V >= m e^-3 (816 registers). The raw
 * estimate is biased up to +2% just above the textbook switch at 2.5 m;
 * switching at 3 m on the linear count halves the worst error there.
 */
export const HLL_LINEAR_COUNTING_MIN_ZEROS = Math.ceil(HLL_REGISTERS * Math.exp(-3));
const HASH_SPACE = 2 ** 32;
/** Above 2^32 / 30 hash collisions matter; the 32-bit range correction applies. */
export const HLL_LARGE_RANGE_LIMIT = HASH_SPACE / 30;

/**
 * The HLL estimate of a cardinality, rounded to the nearest integer.
 * `zeroRegisters` is m minus the number of non-zero registers and
 * `inverseSum` is the sum of 2^-rank over the non-zero registers. Ranks are at
 * most 19, so every term is a multiple of 2^-19 and the sum is exact in any
 * order; sketch-sql.ts computes the same formula in ClickHouse.
 */
export function hllEstimate(zeroRegisters: number, inverseSum: number): number {
  let estimate: number;
  if (zeroRegisters >= HLL_LINEAR_COUNTING_MIN_ZEROS) {
    estimate = HLL_REGISTERS * Math.log(HLL_REGISTERS / zeroRegisters);
  } else {
    const raw = HLL_ALPHA_MM / (zeroRegisters + inverseSum);
    estimate = raw > HLL_LARGE_RANGE_LIMIT ? -HASH_SPACE * Math.log(1 - raw / HASH_SPACE) : raw;
  }
  return Math.floor(estimate + 0.5);
}
