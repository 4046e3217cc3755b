import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { WindowResult } from '@sluice/core';

/**
 * Key of a result row: view|windowStart|group|partition. The same key for
 * every update, the final and a retraction of one partial state, so the
 * highest version per key is the row's current truth.
 */
export function resultKey(result: WindowResult): string {
  return `${result.view}|${result.windowStart}|${JSON.stringify(result.group)}|${result.partition}`;
}

/**
 * A window result as a results-topic record: the WindowResult as JSON, in the
 * results partition of its source partition (no key hashing per row, and the
 * rows of one source partition stay in order).
 */
export function resultMessage(result: WindowResult, resultPartitions = 1): Message {
  return { key: resultKey(result), value: JSON.stringify(result), partition: result.partition % resultPartitions };
}

/** Where a source record came from, for the headers of late and dead-letter copies. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

function originHeaders(origin: RecordOrigin, reason: string): IHeaders {
  return {
    ...origin.message.headers,
    'sluice-reason': reason,
    'sluice-topic': origin.topic,
    'sluice-partition': String(origin.partition),
    'sluice-offset': origin.message.offset,
  };
}

/** The original record for the late topic, naming the views it came too late for. */
export function lateMessage(origin: RecordOrigin, views: readonly string[], eventTime: number): Message {
  const headers = originHeaders(origin, `late for ${views.join(', ')}`);
  headers['sluice-views'] = views.join(',');
  headers['sluice-event-time'] = String(eventTime);
  return { key: origin.message.key, value: origin.message.value, headers };
}

/** The original record for the dead-letter topic, with the reason it could not be read. */
export function deadLetterMessage(origin: RecordOrigin, reason: string): Message {
  return { key: origin.message.key, value: origin.message.value, headers: originHeaders(origin, reason) };
}
