import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { LATE_RECORD_HEADERS, type PackedRow, type ViewDefinition } from '@sluice/core';
import { deadLetterHeaders } from '@sluice/kafka';

/** At most this many rows share one record, so the sink's batches stay evenly sized. */
const MAX_ROWS_PER_RECORD = 500;
/**
 * And at most this many characters (at most 384 KiB of UTF-8): uniq and
 * quantile states can be large, and a record must stay below the broker's limit.
 */
const MAX_RECORD_CHARS = 128 * 1024;

/** The rows of one view waiting to be sealed into a record. */
interface OpenPack {
  /** The JSON of the ResultPack up to the opening bracket of its rows. */
  readonly head: string;
  rows: string[];
  chars: number;
}

/**
 * Packs the rows one source partition emits in one flush into results-topic
 * records, one ResultPack (of @sluice/core) per view and record, in the
 * results partition of that source partition: the rows of one source
 * partition stay in order and no key is hashed per row. Per-record costs of
 * the Kafka client (framing, CRC, buffers) are paid once per pack and what
 * rows share is written once, which is what makes output as large as input
 * affordable. Each row still names its window, group and version, so the
 * sink writes each idempotently.
 */
export class ResultPacker {
  private readonly packs = new Map<string, OpenPack>();
  private readonly messages: Message[] = [];

  constructor(
    private readonly sourceTopic: string,
    private readonly sourcePartition: number,
    private readonly resultPartitions: number,
  ) {}

  add(view: ViewDefinition, row: PackedRow): void {
    let pack = this.packs.get(view.name);
    if (pack === undefined) {
      const measures = view.measures.map((measure) => measure.name);
      pack = { head: `{"view":${JSON.stringify(view.name)},"partition":${this.sourcePartition},"measures":${JSON.stringify(measures)},"rows":[`, rows: [], chars: 0 };
      this.packs.set(view.name, pack);
    }
    const json = JSON.stringify(row);
    if (pack.rows.length > 0 && (pack.rows.length >= MAX_ROWS_PER_RECORD || pack.chars + json.length > MAX_RECORD_CHARS)) this.seal(pack);
    pack.rows.push(json);
    pack.chars += json.length + 1;
  }

  /** The packed records, the last of each view sealed. */
  take(): Message[] {
    for (const pack of this.packs.values()) if (pack.rows.length > 0) this.seal(pack);
    return this.messages;
  }

  private seal(pack: OpenPack): void {
    this.messages.push({ key: `${this.sourceTopic}|${this.sourcePartition}`, value: `${pack.head}${pack.rows.join(',')}]}`, partition: this.sourcePartition % this.resultPartitions });
    pack.rows = [];
    pack.chars = 0;
  }
}

/** Where a source record came from, for the headers of late and dead-letter copies. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

function originHeaders(origin: RecordOrigin, reason: string): IHeaders {
  return { ...origin.message.headers, ...deadLetterHeaders({ reason, topic: origin.topic, partition: origin.partition, offset: origin.message.offset }) };
}

/** The original record for the late topic, naming the views it came too late for. */
export function lateMessage(origin: RecordOrigin, views: readonly string[], eventTime: number): Message {
  const headers = originHeaders(origin, `late for ${views.join(', ')}`);
  headers[LATE_RECORD_HEADERS.views] = views.join(',');
  headers[LATE_RECORD_HEADERS.eventTime] = String(eventTime);
  return { key: origin.message.key, value: origin.message.value, headers };
}

/** The original record for the dead-letter topic, with the reason it could not be read. */
export function deadLetterMessage(origin: RecordOrigin, reason: string): Message {
  return { key: origin.message.key, value: origin.message.value, headers: originHeaders(origin, reason) };
}
