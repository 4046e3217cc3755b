import type { Scalar } from '../config/types';
import { groupValueString } from './group-key';
import { readField, type EventRecord } from './read-field';

/** A view's `where`: every listed field must equal one of its values. */
export type WhereClause = Readonly<Record<string, readonly Scalar[]>>;

/**
 * True when the event passes the view's `where`: for every listed field, the
 * event has the field (not null) and its text form (see groupValueString)
 * equals the text form of one allowed value, so `200` and `"200"` match alike.
 */
export function matchesWhere(event: EventRecord, where: WhereClause): boolean {
  for (const field in where) {
    const value = readField(event, field);
    if (value === undefined || value === null) return false;
    const text = groupValueString(value);
    if (!(where[field] ?? []).some((allowed) => groupValueString(allowed) === text)) return false;
  }
  return true;
}

/** Compiles a `where` once into a predicate for the per-event path; same rule as matchesWhere. */
export function compileWhere(where: WhereClause): (event: EventRecord) => boolean {
  const fields = Object.keys(where);
  if (fields.length === 0) return () => true;
  const allowed = fields.map((field) => new Set((where[field] ?? []).map(groupValueString)));
  return (event) => {
    for (let i = 0; i < fields.length; i++) {
      const value = readField(event, fields[i] as string);
      if (value === undefined || value === null) return false;
      if (!(allowed[i] as Set<string>).has(groupValueString(value))) return false;
    }
    return true;
  };
}
