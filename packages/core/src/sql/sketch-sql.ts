import {
  DDSKETCH_GAMMA_POWERS,
  DDSKETCH_KEY_OFFSET,
  DDSKETCH_MIDPOINT_DIVISOR,
} from '../sketches/ddsketch-mapping';
import {
  HLL_ALPHA_MM,
  HLL_LARGE_RANGE_LIMIT,
  HLL_LINEAR_COUNTING_MIN_ZEROS,
  HLL_REGISTERS,
} from '../sketches/hll-estimate';

// ClickHouse twins of the sketch estimators. The serving view merges the
// per-partition wire states (maxMap for uniq, sumMap for quantile) and then
// needs the same number the speed layer's result() gives, so these repeat the
// JavaScript arithmetic operation for operation. `arrayMap(x -> ..., [value])[1]`
// binds a value to a name, so no subexpression is written (or computed) twice.

const HASH_SPACE = 2 ** 32;

/** A JavaScript number as a ClickHouse Float64 literal that parses back to the same bits. */
function float(value: number): string {
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * The uniq estimate over merged registers, as `hllEstimate` computes it: the
 * arrays are the two halves of `maxMap(registers, ranks)`. Returns a UInt64.
 *
 * @example hllEstimateSql('(maxMap(users.registers, users.ranks)).1', '(maxMap(users.registers, users.ranks)).2')
 */
export function hllEstimateSql(registersExpr: string, ranksExpr: string): string {
  const linearCounting = `${HLL_REGISTERS} * log(${HLL_REGISTERS} / zeros)`;
  const largeRange = `-${HASH_SPACE} * log(1 - raw / ${HASH_SPACE}.0)`;
  const fromRaw = `arrayMap(raw -> if(raw > ${float(HLL_LARGE_RANGE_LIMIT)}, ${largeRange}, raw), [${float(HLL_ALPHA_MM)} / (zeros + inverse_sum)])[1]`;
  const estimate = `if(zeros >= ${HLL_LINEAR_COUNTING_MIN_ZEROS}, ${linearCounting}, ${fromRaw})`;
  const zeros = `toInt64(${HLL_REGISTERS}) - toInt64(length(${registersExpr}))`;
  // Every term is a power of two no smaller than 2^-19, so the sum is exact in any order.
  const inverseSum = `arraySum(arrayMap(rank -> 1 / intExp2(rank), ${ranksExpr}))`;
  return `arrayMap((zeros, inverse_sum) -> toUInt64(floor(${estimate} + 0.5)), [${zeros}], [toFloat64(${inverseSum})])[1]`;
}

/**
 * The quantile at level q over merged buckets, as DDSketch.quantile computes
 * it: the arrays are the two halves of `sumMap(keys, counts)`, keys ascending.
 * The bucket of the element of rank floor(q * n) (at most n - 1) gives the
 * value; NULL when there are no values. Returns a Nullable(Float64).
 */
export function ddsketchQuantileSql(q: number, keysExpr: string, countsExpr: string): string {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be between 0 and 1, got ${q}`);
  const rank = `least(floor(${float(q)} * total), toFloat64(total) - 1)`;
  const key = `arrayElement(keys, arrayFirstIndex(seen -> seen > ${rank}, arrayCumSum(counts)))`;
  const pick = `if(total = 0, NULL, arrayMap(key -> ${bucketValueSql('key')}, [toInt32(${key})])[1])`;
  const withTotal = `arrayMap(total -> ${pick}, [arraySum(counts)])[1]`;
  return `arrayMap((keys, counts) -> ${withTotal}, [${keysExpr}], [${countsExpr}])[1]`;
}

/** The value of a DDSketch key, as valueOfKey computes it (`name` is an Int32 key expression). */
function bucketValueSql(name: string): string {
  let power = '1.0';
  DDSKETCH_GAMMA_POWERS.forEach((factor, bit) => {
    power = `(${power} * if(bitTest(exponent, ${bit}), ${float(factor)}, 1.0))`;
  });
  const magnitude = `arrayMap(power -> if(index >= 0, power, 1.0 / power) / ${float(DDSKETCH_MIDPOINT_DIVISOR)}, [${power}])[1]`;
  const index = `abs(${name}) - ${DDSKETCH_KEY_OFFSET}`;
  const fromIndex = `arrayMap((index, exponent) -> ${magnitude}, [${index}], [toUInt32(abs(${index}))])[1]`;
  return `if(${name} = 0, 0.0, if(${name} > 0, 1.0, -1.0) * ${fromIndex})`;
}
