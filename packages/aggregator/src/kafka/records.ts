import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { LATE_RECORD_HEADERS, type PackedRow, type ViewDefinition } from '@sluice/core';
import { deadLetterHeaders } from '@sluice/kafka';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES, recordValueBudget } from './record-size-limit';

/** At most this many rows share one record, so the sink's batches stay evenly sized. */
const MAX_ROWS_PER_RECORD = 500;
/**
 * And at most this many bytes where the broker takes more: uniq and quantile
 * states can be large, and even records keep the sink's batches even.
 */
const MAX_RECORD_BYTES = 128 * 1024;

/** The rows of one view waiting to be sealed into a record. */
interface OpenPack {
  /** The JSON of the ResultPack up to the opening bracket of its rows. */
  readonly head: string;
  readonly headBytes: number;
  rows: string[];
  /** UTF-8 bytes of the rows, with the commas between them. */
  bytes: number;
}

/** A row too large for any record of the results topic by itself. */
export interface OversizedRow {
  readonly view: ViewDefinition;
  readonly row: PackedRow;
  /** UTF-8 bytes of the record it alone would have made. */
  readonly bytes: number;
}

/**
 * Packs the rows one source partition emits in one flush into results-topic
 * records, one ResultPack (of @sluice/core) per view and record, in the
 * results partition of that source partition: the rows of one source
 * partition stay in order and no key is hashed per row. Per-record costs of
 * the Kafka client (framing, CRC, buffers) are paid once per pack and what
 * rows share is written once, which is what makes output as large as input
 * affordable. Each row still names its window, group and version, so the
 * sink writes each idempotently, whichever record holds it; the cut depends
 * only on the rows and the record size limit, so a replay cuts alike.
 *
 * Every record stays below `recordLimitBytes` (the broker's message.max.bytes)
 * with its key and framing; a row that alone would not is set aside (see
 * `oversized`) and the rows around it are packed as usual.
 */
export class ResultPacker {
  private readonly packs = new Map<string, OpenPack>();
  private readonly messages: Message[] = [];
  private readonly tooLarge: OversizedRow[] = [];
  private readonly key: string;
  private readonly maxValueBytes: number;
  private readonly targetValueBytes: number;

  constructor(
    sourceTopic: string,
    private readonly sourcePartition: number,
    private readonly resultPartitions: number,
    recordLimitBytes = KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  ) {
    this.key = `${sourceTopic}|${sourcePartition}`;
    this.maxValueBytes = recordValueBudget(recordLimitBytes, Buffer.byteLength(this.key));
    this.targetValueBytes = Math.min(MAX_RECORD_BYTES, this.maxValueBytes);
  }

  add(view: ViewDefinition, row: PackedRow): void {
    let pack = this.packs.get(view.name);
    if (pack === undefined) {
      const measures = view.measures.map((measure) => measure.name);
      const head = `{"view":${JSON.stringify(view.name)},"partition":${this.sourcePartition},"measures":${JSON.stringify(measures)},"rows":[`;
      pack = { head, headBytes: Buffer.byteLength(head), rows: [], bytes: 0 };
      this.packs.set(view.name, pack);
    }
    const json = JSON.stringify(row);
    const bytes = Buffer.byteLength(json);
    // The closing `]}` of a pack is 2 bytes, a comma between rows 1.
    if (pack.headBytes + bytes + 2 > this.maxValueBytes) {
      this.tooLarge.push({ view, row, bytes: pack.headBytes + bytes + 2 });
      return;
    }
    if (pack.rows.length > 0 && (pack.rows.length >= MAX_ROWS_PER_RECORD || pack.headBytes + pack.bytes + 1 + bytes + 2 > this.targetValueBytes)) this.seal(pack);
    pack.bytes += pack.rows.length > 0 ? bytes + 1 : bytes;
    pack.rows.push(json);
  }

  /** The packed records, the last of each view sealed. */
  take(): Message[] {
    for (const pack of this.packs.values()) if (pack.rows.length > 0) this.seal(pack);
    return this.messages;
  }

  /** The rows set aside because no record could hold them, in the order they came. */
  oversized(): readonly OversizedRow[] {
    return this.tooLarge;
  }

  private seal(pack: OpenPack): void {
    this.messages.push({ key: this.key, value: Buffer.from(`${pack.head}${pack.rows.join(',')}]}`), partition: this.sourcePartition % this.resultPartitions });
    pack.rows = [];
    pack.bytes = 0;
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
