import { SluiceError } from '@sluice/core';

/** A Kafka failure in Sluice's terms: a stable code, whether a retry can help, and the kafkajs error as cause. */
export class KafkaError extends SluiceError {
  /** The Kafka protocol error type (e.g. `NOT_LEADER_FOR_PARTITION`) or kafkajs error name behind this error. */
  readonly kafkaType: string;

  constructor(code: string, message: string, options: { retriable: boolean; kafkaType: string; cause: unknown }) {
    super(code, message, { retriable: options.retriable, cause: options.cause });
    this.kafkaType = options.kafkaType;
  }
}
