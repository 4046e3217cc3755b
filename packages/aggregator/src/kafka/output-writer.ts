import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import { SluiceError, type ResultWriter } from '@sluice/core';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES, RECORD_OVERHEAD_BYTES, requestBudget } from './record-size-limit';

/** A send's bytes stay below this even where the broker takes more: smaller requests keep acknowledgements steady. */
const MAX_REQUEST_BYTES = 512 * 1024;
/**
 * kafkajs groups a send's messages per partition by copying the group's array
 * for every message (quadratic in the send size), so sends stay small.
 */
const MAX_REQUEST_RECORDS = 1_000;

/** UTF-8 bytes of a key, value or header; what the broker counts. */
function byteSize(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

function messageSize(message: Message): number {
  let size = byteSize(message.key) + byteSize(message.value) + RECORD_OVERHEAD_BYTES;
  for (const [name, header] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(header) ? header : [header];
    for (const value of values) size += Buffer.byteLength(name) + byteSize(value as string | Buffer | undefined);
  }
  return size;
}

/**
 * Sends results, late events and dead letters through one idempotent
 * producer and remembers every send not yet acknowledged, so that a commit
 * can wait for exactly the records sent before it.
 */
export class OutputWriter implements ResultWriter<Message> {
  private readonly inflight = new Set<Promise<unknown>>();
  private failure: Error | undefined;
  private pendingSize = 0;
  private maxRequestBytes = Math.min(MAX_REQUEST_BYTES, requestBudget(KAFKA_DEFAULT_MAX_MESSAGE_BYTES));

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** Keeps every later send's record batches below `limitBytes`, the broker's message.max.bytes. */
  limitRecordBatchesTo(limitBytes: number): void {
    this.maxRequestBytes = Math.min(MAX_REQUEST_BYTES, requestBudget(limitBytes));
  }

  /**
   * Starts sending, gzip-compressed, in requests below the broker's record
   * batch limit (a record larger than that goes alone); every send is
   * tracked, never left floating.
   */
  send(topic: string, messages: Message[]): void {
    let from = 0;
    let bytes = 0;
    for (let i = 0; i < messages.length; i++) {
      const size = messageSize(messages[i]!);
      if (i > from && (bytes + size > this.maxRequestBytes || i - from >= MAX_REQUEST_RECORDS)) {
        this.sendChunk(topic, messages.slice(from, i), bytes);
        from = i;
        bytes = 0;
      }
      bytes += size;
    }
    if (from < messages.length) this.sendChunk(topic, from === 0 ? messages : messages.slice(from), bytes);
  }

  private sendChunk(topic: string, messages: Message[], bytes: number): void {
    const sending = this.producer.send({ topic, messages, acks: -1, compression: CompressionTypes.GZIP }).then(
      () => undefined,
      (error: unknown) => {
        const failure = new SluiceError('AGGREGATOR_SEND_FAILED', `could not write ${messages.length} records to ${topic}: ${(error as Error).message}`, {
          cause: error,
          retriable: true,
        });
        this.failure ??= failure;
        this.onFailure(failure);
      },
    );
    this.inflight.add(sending);
    this.pendingSize += bytes;
    void sending.finally(() => {
      this.inflight.delete(sending);
      this.pendingSize -= bytes;
    });
  }

  /** About how many bytes the records handed to the producer and not yet acknowledged hold, before compression. */
  get pendingBytes(): number {
    return this.pendingSize;
  }

  /** Resolves when every send started so far is acknowledged; throws if one failed. */
  async drained(): Promise<void> {
    await Promise.all([...this.inflight]);
    if (this.failure) throw this.failure;
  }
}
