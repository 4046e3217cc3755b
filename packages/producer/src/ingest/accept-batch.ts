import type { SourceDefinition } from '@sluice/core';
import type { Message } from 'kafkajs';
import { recordKey } from '../event/record-key';
import { uuidV7 } from '../event/uuid-v7';
import type { EventEncoder } from './event-encoder';
import { groupValueTooLong, type GroupValueLimit } from './group-value-limit';
import type { BodyItem } from './read-body';
import { validateEvent, type RejectReason } from './validate-event';

/** One rejected event of a batch, as the response lists it. */
export interface Rejection {
  readonly index: number;
  readonly reason: RejectReason;
  readonly message: string;
}

/**
 * Validates, enriches (`event_id` when absent, `received_at`) and encodes the
 * items of one request, keeping their order. Invalid items become rejections
 * with their index; the rest become Kafka messages keyed by the source's key,
 * stamped with the arrival time.
 */
export async function acceptBatch(
  source: SourceDefinition,
  items: readonly BodyItem[],
  encoder: EventEncoder,
  groupLimit: GroupValueLimit,
  now: number = Date.now(),
): Promise<{ messages: Message[]; rejected: Rejection[] }> {
  const messages: Message[] = [];
  const rejected: Rejection[] = [];
  for (const [index, item] of items.entries()) {
    if ('parseError' in item) {
      rejected.push({ index, reason: 'malformed_json', message: item.parseError });
      continue;
    }
    if ('tooLarge' in item) {
      rejected.push({ index, reason: 'event_too_large', message: item.tooLarge });
      continue;
    }
    const validation = validateEvent(source, item.value, now);
    if (!validation.ok) {
      rejected.push({ index, reason: validation.reason, message: validation.message });
      continue;
    }
    const tooLong = groupValueTooLong(validation.event, groupLimit);
    if (tooLong !== undefined) {
      rejected.push({ index, reason: 'group_value_too_long', message: tooLong });
      continue;
    }
    // The parsed body belongs to this request alone, so the event is enriched in place.
    const event = validation.event;
    event['received_at'] = now;
    if (event[source.id] === undefined || event[source.id] === null) event[source.id] = uuidV7(now);
    const encoded = await encoder.encode(event);
    if (!encoded.ok) {
      rejected.push({ index, reason: 'schema_mismatch', message: encoded.message });
      continue;
    }
    // The arrival time is the record's timestamp: the reference the workers check its event time against again.
    messages.push({ key: recordKey(event[source.key]), value: encoded.value, timestamp: String(now) });
  }
  return { messages, rejected };
}
