/**
 * Group and uniq values as text: strings as is, numbers via String(),
 * booleans 'true'/'false', missing or null as ''. Objects as JSON.
 */
export function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
