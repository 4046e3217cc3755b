import { readField, type EventRecord } from './read-field';

/**
 * The one way Sluice turns a field value into text, for group columns, `where`
 * comparisons and uniq hashing, so that every layer agrees: strings as they
 * are, numbers via String() (`3`, `1.5`, `1e+21`), booleans `true`/`false`,
 * missing or null as the empty string, nested objects and arrays as JSON.
 */
export function groupValueString(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '';
    default:
      return value === null ? '' : JSON.stringify(value);
  }
}

/** The group column values of an event, stringified, in the view's groupBy order. */
export function groupValues(event: EventRecord, groupBy: readonly string[]): string[] {
  const values = new Array<string>(groupBy.length);
  for (let i = 0; i < groupBy.length; i++) values[i] = groupValueString(readField(event, groupBy[i] as string));
  return values;
}

const SEPARATOR = '\u0000';
const ESCAPED = /[\u0000\u0001]/g;

/**
 * A map key that identifies the event's group within one view. One field: its
 * value itself; several: the values joined by NUL, where a value holding NUL
 * or U+0001 has them escaped (U+0001 then 0 or 1), so that no two different
 * value lists share a key (`a|bc` vs `ab|c`) whatever they contain.
 */
export function groupKeyOf(event: EventRecord, groupBy: readonly string[]): string {
  if (groupBy.length === 0) return '';
  let key = escapeKeyPart(groupValueString(readField(event, groupBy[0] as string)));
  if (groupBy.length === 1) return key;
  for (let i = 1; i < groupBy.length; i++) {
    key += SEPARATOR + escapeKeyPart(groupValueString(readField(event, groupBy[i] as string)));
  }
  return key;
}

/** The groupKeyOf of an event whose group values are `values` (a state read back from a checkpoint). */
export function groupKeyOfValues(values: readonly string[]): string {
  return values.map(escapeKeyPart).join(SEPARATOR);
}

function escapeKeyPart(value: string): string {
  // Two scans of a short string are cheaper than a regular expression per value.
  if (value.indexOf('\u0000') < 0 && value.indexOf('\u0001') < 0) return value;
  return value.replace(ESCAPED, (char) => (char === '\u0000' ? '\u00010' : '\u00011'));
}

/**
 * The value of every group column of a window's overflow group, which holds
 * the groups past a view's maxGroupsPerWindow. Group columns are strings, so
 * it fits any of them; a real group whose values all equal it merges with the
 * overflow group in the serving view.
 */
export const OVERFLOW_GROUP_VALUE = '__other__';

/**
 * The map key of the overflow group: no event has it, since groupKeyOf
 * always follows U+0001 with an escape digit.
 */
export const OVERFLOW_GROUP_KEY = '\u0001';
