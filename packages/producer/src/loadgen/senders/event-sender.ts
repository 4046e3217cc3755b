import type { GeneratedEvent } from '../generated-event';

/** Delivers batches of generated records, in order, one batch at a time. */
export interface EventSender {
  /** Resolves when every record of the batch is acknowledged (202 or Kafka ack). */
  send(records: readonly GeneratedEvent[]): Promise<void>;
  close(): Promise<void>;
  /** How many 503 answers were waited out and retried. */
  readonly retries: number;
}
