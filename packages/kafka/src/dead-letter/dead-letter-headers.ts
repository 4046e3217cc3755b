import type { IHeaders } from 'kafkajs';
import { DEAD_LETTER_HEADERS } from '@sluice/core';

/** Where an undecodable record came from and why it could not be used. */
export interface DeadLetterOrigin {
  readonly reason: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The dead-letter headers for `origin`, as kafkajs sends them. */
export function deadLetterHeaders(origin: DeadLetterOrigin): Record<string, string> {
  return {
    [DEAD_LETTER_HEADERS.reason]: origin.reason,
    [DEAD_LETTER_HEADERS.topic]: origin.topic,
    [DEAD_LETTER_HEADERS.partition]: String(origin.partition),
    [DEAD_LETTER_HEADERS.offset]: origin.offset,
  };
}

/** Reads the origin back from a consumed dead-letter record; undefined if the record has no Sluice headers. */
export function readDeadLetterOrigin(headers: IHeaders | undefined): DeadLetterOrigin | undefined {
  const text = (name: string): string | undefined => {
    const value = headers?.[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  };
  const reason = text(DEAD_LETTER_HEADERS.reason);
  const topic = text(DEAD_LETTER_HEADERS.topic);
  const partition = text(DEAD_LETTER_HEADERS.partition);
  const offset = text(DEAD_LETTER_HEADERS.offset);
  if (reason === undefined || topic === undefined || partition === undefined || offset === undefined) return undefined;
  return { reason, topic, partition: Number(partition), offset };
}
