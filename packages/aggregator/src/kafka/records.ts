import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { WindowResult } from '@sluice/core';

/** At most this many results share one record, so the sink's batches stay evenly sized. */
const MAX_RESULTS_PER_RECORD = 500;
/**
 * And at most this many characters (at most 384 KiB of UTF-8): uniq and
 * quantile states can be large, and a record must stay below the broker's limit.
 */
const MAX_RECORD_CHARS = 128 * 1024;

/**
 * Packs the results of one source partition into results-topic records: each
 * value a JSON array of WindowResults, in the results partition of that
 * source partition (no key hashing per row, and the rows of one source
 * partition stay in order). Per-record costs of the Kafka client (framing,
 * CRC, allocation) are paid once per pack instead of once per row, which is
 * what makes output as large as input affordable. The key names the source
 * partition; the sink keys rows by (view, window, group, partition) itself.
 */
export class ResultPacker {
  private parts: string[] = [];
  private chars = 0;
  private readonly messages: Message[] = [];

  constructor(
    private readonly sourceTopic: string,
    private readonly sourcePartition: number,
    private readonly resultPartitions: number,
  ) {}

  add(result: WindowResult): void {
    const json = JSON.stringify(result);
    if (this.parts.length > 0 && (this.parts.length >= MAX_RESULTS_PER_RECORD || this.chars + json.length > MAX_RECORD_CHARS)) this.seal();
    this.parts.push(json);
    this.chars += json.length + 1;
  }

  /** The packed records, the last one sealed. */
  take(): Message[] {
    if (this.parts.length > 0) this.seal();
    return this.messages;
  }

  private seal(): void {
    this.messages.push({ key: `${this.sourceTopic}|${this.sourcePartition}`, value: `[${this.parts.join(',')}]`, partition: this.sourcePartition % this.resultPartitions });
    this.parts = [];
    this.chars = 0;
  }
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
