/** A decoded event: field names to values, as JSON or Avro decoding produces them. */
export type EventRecord = Readonly<Record<string, unknown>>;

/**
 * The value of an event field, or undefined when the event has no such field.
 * Only the event's own fields count: a field named `constructor` or `toString`
 * must not find the prototype's function.
 */
export function readField(event: EventRecord, field: string): unknown {
  const value = event[field];
  // Decoded events hold data, never functions, so a function came from the
  // prototype; `__proto__` is the one inherited field that is not a function.
  // This skips a second property lookup on the per-event path.
  if (typeof value === 'function') return undefined;
  if (field === '__proto__') return Object.hasOwn(event, field) ? value : undefined;
  return value;
}

// Plain decimal numbers only: `12`, `-0.5`, `.5`, `3e2`. No hex, no `Infinity`, no blanks.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * How numeric measures read a value: finite numbers as they are, strings that
 * are plain decimal numbers parsed, everything else (missing, null, booleans,
 * other strings, NaN, infinities) undefined so that the measure skips it.
 */
export function toMeasureNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
