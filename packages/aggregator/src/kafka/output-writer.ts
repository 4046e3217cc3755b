import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import { SluiceError, isRetriable, retry, type Logger, type ResultWriter, type Scheduler, type Sleeper } from '@sluice/core';
import { toSluiceError } from '@sluice/kafka';
import type { StallWatch } from '@sluice/runtime';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES, RECORD_OVERHEAD_BYTES, requestBudget } from './record-size-limit';

/** A send's bytes stay below this even where the broker takes more: smaller requests keep acknowledgements steady. */
const MAX_REQUEST_BYTES = 512 * 1024;
/**
 * kafkajs groups a send's messages per partition by copying the group's array
 * for every message (quadratic in the send size), so sends stay small.
 */
const MAX_REQUEST_RECORDS = 1_000;
/** The activity a StallWatch hears about: sending results, late copies and dead letters. */
export const EMIT_ACTIVITY = 'emit';
/** Of a long outage, the first failed attempt and every 20th after it are logged. */
const LOG_EVERY_ATTEMPTS = 20;

export interface OutputWriterOptions {
  /** Hears every send that failed and is retried and every send that got through: /healthz and sluice_aggregator_stalled. */
  readonly stalls: StallWatch;
  /** Waits between attempts on it, so that retries run on virtual time in tests. */
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

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
 * can wait for exactly the records sent before it. A send that fails for a
 * reason a retry can fix (the broker unreachable or not accepting) is sent
 * again with backoff, the aggregator reported stalled meanwhile, for as long
 * as that lasts: the commit waiting for it waits too, so nothing is committed
 * past records not yet in Kafka. Retried requests may land out of order,
 * which no reader minds: every result row carries its version.
 */
export class OutputWriter implements ResultWriter<Message> {
  private readonly inflight = new Set<Promise<unknown>>();
  private failure: Error | undefined;
  private pendingSize = 0;
  private maxRequestBytes = Math.min(MAX_REQUEST_BYTES, requestBudget(KAFKA_DEFAULT_MAX_MESSAGE_BYTES));
  private givenUp = false;
  private readonly sleeper: Sleeper;

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly onFailure: (error: Error) => void,
    private readonly options: OutputWriterOptions,
  ) {
    const { scheduler } = options;
    this.sleeper = { sleep: (ms) => new Promise((resolve) => scheduler.schedule(() => resolve(), ms)) };
  }

  /** From now on a failed send is not retried: a stopping worker does not wait out an outage (what was not sent stays uncommitted). */
  giveUpRetrying(): void {
    this.givenUp = true;
  }

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
    const sending = this.deliver(topic, messages).then(
      () => undefined,
      (error: unknown) => {
        // The error names the topic and the record count already (see deliver).
        const failure = new SluiceError('AGGREGATOR_SEND_FAILED', (error as Error).message, {
          cause: error,
          retriable: isRetriable(error),
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

  /** Sends one request until it is acknowledged; only a failure no retry can fix (or one after giving up) ends it. */
  private async deliver(topic: string, messages: Message[]): Promise<void> {
    const { stalls, logger } = this.options;
    await retry(
      async () => {
        try {
          await this.producer.send({ topic, messages, acks: -1, compression: CompressionTypes.GZIP });
        } catch (error) {
          throw toSluiceError(error, `could not write ${messages.length} records to ${topic}`);
        }
      },
      {
        retries: Number.MAX_SAFE_INTEGER,
        initialDelayMs: this.options.initialDelayMs ?? 250,
        maxDelayMs: this.options.maxDelayMs ?? 5_000,
        shouldRetry: (error) => isRetriable(error) && !this.givenUp,
        sleeper: this.sleeper,
        onRetry: (error, attempt, delayMs) => {
          stalls.failed(EMIT_ACTIVITY, error);
          if (attempt === 1 || attempt % LOG_EVERY_ATTEMPTS === 0) logger.warn('send to Kafka failed; retrying', { topic, attempt, delayMs, error: error as Error });
        },
      },
    );
    stalls.progressed(EMIT_ACTIVITY);
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
