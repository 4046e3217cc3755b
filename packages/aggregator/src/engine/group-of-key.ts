import { OVERFLOW_GROUP_KEY, OVERFLOW_GROUP_VALUE } from '@sluice/core';

const SEPARATOR = '\u0000';
const ESCAPE = '\u0001';

/**
 * The group values a group key (core's groupKeyOf) was built from, for a view
 * with `arity` group columns: the inverse of groupKeyOf, and the overflow
 * group's values for OVERFLOW_GROUP_KEY. Lets a store keep only the key of
 * each open group and derive the values when it emits a row.
 */
export function groupOfKey(key: string, arity: number): string[] {
  if (arity === 0) return [];
  if (key === OVERFLOW_GROUP_KEY) return new Array<string>(arity).fill(OVERFLOW_GROUP_VALUE);
  // The common case, one column and nothing escaped: the key is the value.
  if (arity === 1 && key.indexOf(ESCAPE) < 0) return [key];
  const parts = arity === 1 ? [key] : key.split(SEPARATOR);
  for (let i = 0; i < parts.length; i++) parts[i] = unescapeKeyPart(parts[i]!);
  return parts;
}

function unescapeKeyPart(part: string): string {
  if (part.indexOf(ESCAPE) < 0) return part;
  // groupKeyOf writes NUL as U+0001 0 and U+0001 as U+0001 1.
  return part.replace(/\u0001([01])/g, (_match, digit: string) => (digit === '0' ? SEPARATOR : ESCAPE));
}
