import { EVENT_TIME_OUT_OF_RANGE, eventTimeRangeIssue, JSON_VALUE_ISSUE_REASONS, jsonValueIssue, parseEventTime, type SourceDefinition } from '@sluice/core';

/** Why one event of a batch was rejected; each is counted in `/metrics`. */
export const REJECT_REASONS = ['malformed_json', 'not_an_object', 'too_deeply_nested', 'lone_surrogate', 'missing_timestamp', 'bad_timestamp', EVENT_TIME_OUT_OF_RANGE, 'missing_key', 'bad_key', 'bad_id', 'wrong_type', 'schema_mismatch', 'event_too_large', 'group_value_too_long'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type Validation = { readonly ok: true; readonly event: Record<string, unknown> } | { readonly ok: false; readonly reason: RejectReason; readonly message: string };

const reject = (reason: RejectReason, message: string): Validation => ({ ok: false, reason, message });

/**
 * Checks one event against its source: an object no deeper than
 * MAX_JSON_NESTING levels and without lone surrogates, with a parseable event time inside the source's
 * bounds around `arrivedAt` (the timestamp its record gets, so the workers
 * reading it decide the same), a scalar key, a string id when one is given,
 * and the declared types of declared fields. Fields nobody declared pass
 * through untouched.
 */
export function validateEvent(source: SourceDefinition, value: unknown, arrivedAt: number): Validation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('not_an_object', `an event must be a JSON object, not ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const event = value as Record<string, unknown>;
  // Refused here as the workers refuse it from Kafka, so one rule holds at every door (JsonValueIssue says why).
  const issue = jsonValueIssue(event);
  if (issue !== undefined) return reject(issue, JSON_VALUE_ISSUE_REASONS[issue].replace(/^value/, 'the event'));
  const time = event[source.timestamp];
  if (time === undefined || time === null) return reject('missing_timestamp', `the event time field ${source.timestamp} is missing`);
  const eventTime = parseEventTime(time);
  if (eventTime === undefined) {
    return reject('bad_timestamp', `${source.timestamp} (${JSON.stringify(time)}) is not an event time; send epoch milliseconds or ISO-8601`);
  }
  const outOfRange = eventTimeRangeIssue(source.eventTime, source.timestamp, eventTime, { ms: arrivedAt, name: 'its arrival' });
  if (outOfRange !== undefined) return reject(EVENT_TIME_OUT_OF_RANGE, outOfRange);
  const key = event[source.key];
  if (key === undefined || key === null || key === '') return reject('missing_key', `the key field ${source.key} is missing`);
  if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
    return reject('bad_key', `the key field ${source.key} must be a string, number or boolean, not ${typeof key}`);
  }
  const id = event[source.id];
  if (id !== undefined && id !== null && (typeof id !== 'string' || id.length === 0)) {
    return reject('bad_id', `${source.id} must be a non-empty string when given`);
  }
  for (const [field, type] of Object.entries(source.fields)) {
    const fieldValue = event[field];
    if (fieldValue === undefined || fieldValue === null) continue;
    const ok = type === 'number' ? typeof fieldValue === 'number' && Number.isFinite(fieldValue) : typeof fieldValue === type;
    if (!ok) return reject('wrong_type', `${field} must be a ${type}, not ${JSON.stringify(fieldValue)}`);
  }
  return { ok: true, event };
}
