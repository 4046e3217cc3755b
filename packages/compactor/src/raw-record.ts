import { groupValueString, parseEventTime, type SourceDefinition } from '@sluice/core';

/** One row of a raw table, as inserted (JSONEachRow). */
export interface RawRow {
  readonly event_time: number;
  readonly event_id: string;
  readonly event_key: string;
  readonly kafka_partition: number;
  readonly kafka_offset: string;
  landed_watermark: number;
  readonly raw: string;
}

/** A Kafka record as the lander sees it. */
export interface LandedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** A record the master dataset cannot hold, and why. */
export interface Undecodable {
  readonly reason: string;
}

/**
 * Turns a record into a raw row: the value kept byte for byte as text, plus
 * typed columns for the event time, id and key. Only what the batch layer
 * cannot work without is checked (a JSON object with a usable event time);
 * fields nobody declared, or that changed type, are kept as they are.
 * A record without an event id is identified by its Kafka coordinates.
 */
export function toRawRow(source: SourceDefinition, message: LandedMessage): RawRow | Undecodable {
  if (message.value === null) return { reason: 'record has no value' };
  const text = message.value.toString('utf8');
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    return { reason: `value is not JSON: ${(error as Error).message}` };
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { reason: `value is JSON but not an object (${Array.isArray(event) ? 'array' : typeof event})` };
  }
  const fields = event as Record<string, unknown>;
  const ts = parseEventTime(Object.hasOwn(fields, source.timestamp) ? fields[source.timestamp] : undefined);
  if (ts === undefined) return { reason: `field ${source.timestamp} is missing or not a time (epoch ms or ISO-8601)` };
  const id = Object.hasOwn(fields, source.id) ? groupValueString(fields[source.id]) : '';
  const key = message.key !== null ? message.key.toString('utf8') : groupValueString(fields[source.key]);
  return {
    event_time: ts,
    event_id: id !== '' ? id : `${source.topic}/${message.partition}/${message.offset}`,
    event_key: key,
    kafka_partition: message.partition,
    kafka_offset: message.offset,
    landed_watermark: 0,
    raw: text,
  };
}

/** Type guard: the record could not be decoded. */
export function isUndecodable(row: RawRow | Undecodable): row is Undecodable {
  return 'reason' in row;
}
