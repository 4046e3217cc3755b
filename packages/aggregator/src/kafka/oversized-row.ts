import type { Message } from 'kafkajs';
import { RESULT_ROW_HEADERS, RESULT_ROW_TOO_LARGE_REASON, ROW_FIELD, ROW_KIND } from '@sluice/core';
import { deadLetterHeaders } from '@sluice/kafka';
import type { OversizedRow } from './records';

/** Group values in a dead letter's header and value are cut to this many characters: the row was too large already. */
const MAX_GROUP_VALUE_CHARS = 256;

/** Where the row came from: its source partition, and the limit it did not fit. */
export interface OversizedRowOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly limitBytes: number;
}

/**
 * The dead letter of a result row no record could hold: a small JSON value
 * naming the row (view, window, group, version, kind, its size and the
 * limit), never the row itself, which would not fit the dead-letter topic
 * either. The origin headers name the source partition and, as offset, the
 * last source offset folded into the row (half its version).
 */
export function oversizedRowMessage(origin: OversizedRowOrigin, oversized: OversizedRow): Message {
  const { view, row, bytes } = oversized;
  const windowStart = row[ROW_FIELD.windowStart] as number;
  const windowEnd = row[ROW_FIELD.windowEnd] as number;
  const version = row[ROW_FIELD.version] as number;
  const group = (row[ROW_FIELD.group] as readonly string[]).map((value) => (value.length > MAX_GROUP_VALUE_CHARS ? `${value.slice(0, MAX_GROUP_VALUE_CHARS)}…` : value));
  const kind = Object.entries(ROW_KIND).find(([, code]) => code === row[ROW_FIELD.kind])?.[0] ?? 'unknown';
  const value = { view: view.name, partition: origin.partition, windowStart, windowEnd, group, version, kind, bytes, limitBytes: origin.limitBytes };
  return {
    key: `${origin.topic}|${origin.partition}`,
    value: JSON.stringify(value),
    headers: {
      ...deadLetterHeaders({ reason: RESULT_ROW_TOO_LARGE_REASON, topic: origin.topic, partition: origin.partition, offset: String(Math.floor(version / 2)) }),
      [RESULT_ROW_HEADERS.view]: view.name,
      [RESULT_ROW_HEADERS.windowStart]: String(windowStart),
      [RESULT_ROW_HEADERS.windowEnd]: String(windowEnd),
      [RESULT_ROW_HEADERS.group]: JSON.stringify(group),
    },
  };
}
