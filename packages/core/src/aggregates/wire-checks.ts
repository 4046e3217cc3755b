import { SluiceError } from '../errors/sluice-error';

/** A wire state whose parts are malformed or out of range; the message names the part. */
export class InvalidMeasureStateError extends SluiceError {
  constructor(message: string) {
    super('MEASURE_STATE_INVALID', message);
  }
}

type Loose = Readonly<Record<string, unknown>>;

/** The value as an object, or an error naming `at`. */
export function wireObject(value: unknown, at: string): Loose {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidMeasureStateError(`${at} must be an object`);
  return value as Loose;
}

/** An integer in `[min, max]`. */
export function wireInteger(value: unknown, at: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidMeasureStateError(`${at} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A count: an integer from 0 to 2^53 - 1. */
export function wireCount(value: unknown, at: string): number {
  return wireInteger(value, at, 0, Number.MAX_SAFE_INTEGER);
}

/** A finite number. */
export function wireFinite(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidMeasureStateError(`${at} must be a finite number, got ${JSON.stringify(value)}`);
  return value;
}

/** An array of integers in `[min, max]`, strictly ascending when `ascending`. */
export function wireIntegers(value: unknown, at: string, min: number, max: number, ascending = false): number[] {
  if (!Array.isArray(value)) throw new InvalidMeasureStateError(`${at} must be an array`);
  const values = value.map((item: unknown, index) => wireInteger(item, `${at}[${index}]`, min, max));
  if (ascending) {
    for (let index = 1; index < values.length; index++) {
      if ((values[index] as number) <= (values[index - 1] as number)) throw new InvalidMeasureStateError(`${at} must be strictly ascending`);
    }
  }
  return values;
}

/** Two parallel arrays of the same length. */
export function wireSameLength(a: readonly unknown[], b: readonly unknown[], atA: string, atB: string): void {
  if (a.length !== b.length) throw new InvalidMeasureStateError(`${atA} and ${atB} differ in length (${a.length} vs ${b.length}); they must have the same length`);
}
