/** Why a record is in the send sequence. */
export const SEND_KINDS = ['normal', 'out-of-order', 'duplicate', 'late'] as const;
export type SendKind = (typeof SEND_KINDS)[number];

/** An app-navigation event as the load generator makes it. */
export type AppEvent = Readonly<Record<string, string | number>>;

/** One record of the send sequence, in send order. */
export interface GeneratedEvent {
  readonly event: AppEvent;
  /** The Kafka record key: the source's key field as text. */
  readonly key: string;
  /** The partition the kafkajs default partitioner picks for `key`. */
  readonly partition: number;
  readonly kind: SendKind;
  /** When to send it, in ms after the run starts, at the requested rate. */
  readonly sendOffsetMs: number;
}

/** What generateEvents returns: the records in send order and the source they are for. */
export interface GeneratedRun {
  readonly source: string;
  readonly records: GeneratedEvent[];
}
