import type { SourceDefinition } from '../config/types';
import type { EventRecord } from '../event/read-field';
import { parseEventTime } from '../time/event-time';
import { EVENT_TIME_OUT_OF_RANGE, eventTimeRangeIssue, type EventTimeReference } from './event-time-range';
import { refusal, type SourceEventVerdict, type ValueVerdict } from './source-event-verdict';
import type { ValueDecoder } from './value-decoder';

/**
 * The one rule by which a source record becomes an event, shared by the
 * speed layer (the aggregator) and the batch layer (the compactor), so a
 * record one layer counts the other counts too, and a record one layer
 * dead-letters the other dead-letters with the same reason: the value must
 * decode to an object (see the source's ValueDecoder) and hold a usable event
 * time (epoch ms or ISO-8601) in the source's timestamp field, inside the
 * source's event-time bounds around `reference` (the record's Kafka
 * timestamp, so a replay decides as the first read did) and always inside
 * the range every layer can store (docs/event-time.md).
 */
export function readSourceEvent(source: SourceDefinition, decoder: ValueDecoder, value: Uint8Array | null, reference?: EventTimeReference): SourceEventVerdict {
  return withEventTime(source, decoder.decode(value), reference);
}

/** The event-time half of readSourceEvent, for a layer that decoded the value itself. */
export function withEventTime(source: SourceDefinition, read: ValueVerdict, reference?: EventTimeReference): SourceEventVerdict {
  if (!read.ok) return read;
  const eventTime = eventTimeOf(read.event, source);
  if (eventTime === undefined) return refusal(missingTime(source));
  const issue = eventTimeRangeIssue(source.eventTime, source.timestamp, eventTime, reference);
  return issue === undefined ? { ok: true, event: read.event, eventTime } : refusal(`${EVENT_TIME_OUT_OF_RANGE}: ${issue}`);
}

function eventTimeOf(event: EventRecord, source: SourceDefinition): ReturnType<typeof parseEventTime> {
  return parseEventTime(Object.hasOwn(event, source.timestamp) ? event[source.timestamp] : undefined);
}

function missingTime(source: SourceDefinition): string {
  return `field ${source.timestamp} is missing or not a time (epoch ms or ISO-8601)`;
}
