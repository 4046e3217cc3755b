import { isRetriable, retry, type Logger } from '@sluice/core';

/** Of a long outage, the first failed attempt and every 20th after it are logged. */
const LOG_EVERY_ATTEMPTS = 20;

export interface RetryWithinBatchOptions {
  /** The batch handler's heartbeat: called before every new attempt, so the group keeps the partition with this member. */
  readonly heartbeat: () => Promise<void>;
  /** False once the batch is no longer this member's to process (stopping, partition revoked). */
  readonly stillOwned: () => boolean;
  /** Warned while the batch waits, with the batch named. */
  readonly logger: Logger;
  readonly batch: { readonly topic: string; readonly partition: number };
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Runs `task` inside a batch handler until it succeeds, waiting out retriable
 * failures (an unreachable schema registry) with the batch not yet processed.
 * Left to kafkajs, a failing handler is retried a few times and then crashes
 * the consumer; waiting here keeps the member in its group and the records
 * in Kafka for as long as the outage lasts. Returns false when the batch no
 * longer belongs here: the caller drops it unprocessed, and whoever owns the
 * partition next reads it again. Errors that are not retriable pass through.
 */
export function retryWithinBatch(task: () => Promise<void>, options: RetryWithinBatchOptions): Promise<boolean> {
  const { heartbeat, stillOwned } = options;
  return retry(
    async (attempt) => {
      if (attempt > 0) await heartbeat();
      if (!stillOwned()) return false;
      try {
        await task();
        return true;
      } catch (error) {
        // Stopping or revoked while the task failed: give the batch up now rather than after one more wait.
        if (isRetriable(error) && !stillOwned()) return false;
        throw error;
      }
    },
    {
      retries: Number.MAX_SAFE_INTEGER,
      initialDelayMs: options.initialDelayMs ?? 250,
      maxDelayMs: options.maxDelayMs ?? 5_000,
      shouldRetry: isRetriable,
      onRetry: (error, attempt, delayMs) => {
        if (attempt !== 1 && attempt % LOG_EVERY_ATTEMPTS !== 0) return;
        const { topic, partition } = options.batch;
        options.logger.warn('batch waits: its preparation failed', { topic, partition, attempt, delayMs, error: error as Error });
      },
    },
  );
}
