import { parseEventTime, type EventRecord, type SourceDefinition } from '@sluice/core';
import { UndecodableRecordError } from './undecodable-record-error';

/** Turns a record value into an event; throws UndecodableRecordError for anything unusable. */
export type EventDecoder = (value: Buffer | null) => EventRecord;

/** The decoder for a source's format. */
export function decoderFor(source: SourceDefinition): EventDecoder {
  if (source.format === 'json') return decodeJsonEvent;
  throw new UndecodableRecordError(
    `source ${source.name} has format ${source.format}; the aggregator reads json sources (avro decoding is not available yet)`,
  );
}

/** JSON object events; arrays, scalars and broken JSON are undecodable. */
export function decodeJsonEvent(value: Buffer | null): EventRecord {
  if (value === null) throw new UndecodableRecordError('record has no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new UndecodableRecordError(`value is not JSON: ${(error as Error).message}`, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UndecodableRecordError(`value is JSON but not an object (${Array.isArray(parsed) ? 'array' : typeof parsed})`);
  }
  return parsed as EventRecord;
}

/** The event time of a decoded event, or an UndecodableRecordError naming the field. */
export function eventTimeOf(event: EventRecord, source: SourceDefinition): number {
  const ts = parseEventTime(Object.hasOwn(event, source.timestamp) ? event[source.timestamp] : undefined);
  if (ts === undefined) {
    throw new UndecodableRecordError(`field ${source.timestamp} is missing or not a time (epoch ms or ISO-8601)`);
  }
  return ts;
}
