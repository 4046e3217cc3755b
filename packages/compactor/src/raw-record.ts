import { NO_VALUE_REASON, decodeJsonValue, groupValueString, recordTimestampReference, refusal, withEventTime, type JsonTextVerdict, type RawRow, type Refusal, type SourceDefinition } from '@sluice/core';

/** One row of the master dataset, as the raw store lands it. */
export type { RawRow };

/** A Kafka record as the lander sees it. */
export interface LandedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** The record's Kafka timestamp, epoch ms: the reference of the source's event-time bounds. */
  readonly timestamp: string;
}

/** A record the master dataset cannot hold, and why. */
export type Undecodable = Refusal;

/** Reads a record value in its source's format: the event and the JSON text the raw table keeps, or why it is none. */
export type ValueReader = (value: Buffer | null) => JsonTextVerdict;

/** JSON values are kept byte for byte: fields nobody declared, or that changed type, stay as they came. */
export const readJsonValue: ValueReader = (value) => (value === null ? refusal(NO_VALUE_REASON) : decodeJsonValue(value));

/**
 * Turns a record into a raw row: the event as JSON text, plus typed columns
 * for the event time, id and key. Only what the batch layer cannot work
 * without is checked (an object with a usable event time, inside the source's
 * bounds around the record's timestamp: a refused one never reaches the
 * landed maximum that the source watermark follows).
 * A record without an event id is identified by its Kafka coordinates.
 */
export function toRawRow(source: SourceDefinition, message: LandedMessage, readValue: ValueReader = readJsonValue): RawRow | Undecodable {
  const value = readValue(message.value);
  if (!value.ok) return value;
  const read = withEventTime(source, value, recordTimestampReference(message.timestamp));
  if (!read.ok) return read;
  const fields = read.event;
  const id = Object.hasOwn(fields, source.id) ? groupValueString(fields[source.id]) : '';
  const key = message.key !== null ? message.key.toString('utf8') : groupValueString(fields[source.key]);
  return {
    event_time: read.eventTime,
    event_id: id !== '' ? id : `${source.topic}/${message.partition}/${message.offset}`,
    event_key: key,
    kafka_partition: message.partition,
    kafka_offset: message.offset,
    landed_watermark: 0,
    raw: value.text,
  };
}

/** Type guard: the record could not be decoded. */
export function isUndecodable(row: RawRow | Undecodable): row is Undecodable {
  return 'reason' in row;
}
