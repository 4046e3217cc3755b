import type { Message, Producer } from 'kafkajs';
import { SluiceError, type ResultWriter } from '@sluice/core';

/** Below the broker's default message.max.bytes (1 MiB) for one record batch, with room for overhead. */
const MAX_REQUEST_BYTES = 512 * 1024;
/**
 * kafkajs groups a send's messages per partition by copying the group's array
 * for every message (quadratic in the send size), so sends stay small.
 */
const MAX_REQUEST_RECORDS = 1_000;

function messageSize(message: Message): number {
  const size = (value: Message['value'] | Message['key']) => (value === null || value === undefined ? 0 : typeof value === 'string' ? value.length : value.length);
  return size(message.key) + size(message.value) + 64;
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

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** Starts sending, in requests below the broker's size limit; every send is tracked, never left floating. */
  send(topic: string, messages: Message[]): void {
    let from = 0;
    let bytes = 0;
    for (let i = 0; i < messages.length; i++) {
      bytes += messageSize(messages[i]!);
      if (bytes < MAX_REQUEST_BYTES && i - from < MAX_REQUEST_RECORDS) continue;
      this.sendChunk(topic, messages.slice(from, i + 1), bytes);
      from = i + 1;
      bytes = 0;
    }
    if (from < messages.length) this.sendChunk(topic, from === 0 ? messages : messages.slice(from), bytes);
  }

  private sendChunk(topic: string, messages: Message[], bytes: number): void {
    const sending = this.producer.send({ topic, messages, acks: -1 }).then(
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

  /** About how many bytes the records handed to the producer and not yet acknowledged hold (characters of string values). */
  get pendingBytes(): number {
    return this.pendingSize;
  }

  /** Resolves when every send started so far is acknowledged; throws if one failed. */
  async drained(): Promise<void> {
    await Promise.all([...this.inflight]);
    if (this.failure) throw this.failure;
  }
}
