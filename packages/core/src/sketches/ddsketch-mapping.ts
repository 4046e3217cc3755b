/** Relative accuracy of every DDSketch quantile: within 1% of a true element. */
export const DDSKETCH_ALPHA = 0.01;
/** Bucket growth factor: a bucket holds magnitudes in (gamma^(i-1), gamma^i]. */
export const DDSKETCH_GAMMA = (1 + DDSKETCH_ALPHA) / (1 - DDSKETCH_ALPHA);
const LN_GAMMA = Math.log(DDSKETCH_GAMMA);
/**
 * Magnitude indexes run over [-MAX, MAX], about 1e-142 to 1e142; larger or
 * smaller magnitudes are clamped into the end buckets.
 */
export const DDSKETCH_MAX_INDEX = 16_383;
/** Offset between a magnitude index and its signed key; keys are Int16. */
export const DDSKETCH_KEY_OFFSET = DDSKETCH_MAX_INDEX + 1;
/** gamma^(2^i) for i = 0..13, squared in sequence; both JS and the SQL twin multiply these. */
export const DDSKETCH_GAMMA_POWERS: readonly number[] = squares(DDSKETCH_GAMMA, 14);
/** (gamma + 1) / 2: a bucket's value is gamma^i divided by this, which puts it within alpha of both bounds. */
export const DDSKETCH_MIDPOINT_DIVISOR = (DDSKETCH_GAMMA + 1) / 2;

/** The magnitude index of a non-zero finite value: ceil(log_gamma |value|), clamped. */
export function magnitudeIndex(magnitude: number): number {
  const index = Math.ceil(Math.log(magnitude) / LN_GAMMA);
  return index > DDSKETCH_MAX_INDEX ? DDSKETCH_MAX_INDEX : index < -DDSKETCH_MAX_INDEX ? -DDSKETCH_MAX_INDEX : index;
}

/**
 * The signed key of a value, monotonic in the value: negatives below zero
 * (larger magnitude, lower key), 0 for zero, positives above.
 */
export function keyOf(value: number): number {
  if (value > 0) return magnitudeIndex(value) + DDSKETCH_KEY_OFFSET;
  if (value < 0) return -(magnitudeIndex(-value) + DDSKETCH_KEY_OFFSET);
  return 0;
}

/** The value a key stands for: within alpha of every value the bucket holds. */
export function valueOfKey(key: number): number {
  if (key === 0) return 0;
  const index = Math.abs(key) - DDSKETCH_KEY_OFFSET;
  const power = gammaPower(Math.abs(index));
  const magnitude = (index >= 0 ? power : 1 / power) / DDSKETCH_MIDPOINT_DIVISOR;
  return key > 0 ? magnitude : -magnitude;
}

// gamma^exponent by multiplying the squared powers for the exponent's bits in
// ascending order: plain IEEE products, so ClickHouse gets the very same bits
// (its pow() and V8's Math.pow differ in the last bit for half of the keys).
function gammaPower(exponent: number): number {
  let power = 1;
  for (let bit = 0; bit < DDSKETCH_GAMMA_POWERS.length; bit++) {
    if ((exponent >> bit) & 1) power *= DDSKETCH_GAMMA_POWERS[bit] as number;
  }
  return power;
}

function squares(base: number, count: number): number[] {
  const powers = [base];
  for (let i = 1; i < count; i++) powers.push((powers[i - 1] as number) * (powers[i - 1] as number));
  return powers;
}
