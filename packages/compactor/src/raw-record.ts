import { groupValueString, parseEventTime, type RawRow, type SourceDefinition } from '@sluice/core';

/** One row of the master dataset, as the raw store lands it. */
export type { RawRow };

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

/** A record value read as an event: its fields, and the JSON text the raw table keeps. */
export interface ReadValue {
  readonly fields: Record<string, unknown>;
  readonly text: string;
}

/** Reads a record value in its source's format. */
export type ValueReader = (value: Buffer) => ReadValue | Undecodable;

/** JSON values are kept byte for byte: fields nobody declared, or that changed type, stay as they came. */
export const readJsonValue: ValueReader = (value) => {
  const text = value.toString('utf8');
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    return { reason: `value is not JSON: ${(error as Error).message}` };
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { reason: `value is JSON but not an object (${Array.isArray(event) ? 'array' : typeof event})` };
  }
  return { fields: event as Record<string, unknown>, text };
};

/**
 * Turns a record into a raw row: the event as JSON text, plus typed columns
 * for the event time, id and key. Only what the batch layer cannot work
 * without is checked (an object with a usable event time).
 * A record without an event id is identified by its Kafka coordinates.
 */
export function toRawRow(source: SourceDefinition, message: LandedMessage, readValue: ValueReader = readJsonValue): RawRow | Undecodable {
  if (message.value === null) return { reason: 'record has no value' };
  const read = readValue(message.value);
  if (isUndecodable(read)) return read;
  const { fields, text } = read;
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
export function isUndecodable<T extends object>(row: T | Undecodable): row is Undecodable {
  return 'reason' in row;
}
