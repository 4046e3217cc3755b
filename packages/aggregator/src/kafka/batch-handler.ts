import type { Message } from 'kafkajs';
import type { Logger, ResultWriter } from '@sluice/core';
import { retryWithinBatch } from '@sluice/kafka';
import type { BatchFolder, FetchedBatch } from './batch-folder';
import type { PartitionRegistry } from './partition-registry';

/** How often a batch waiting for its partition's restore heartbeats, well within the consumer's session timeout. */
const RESTORE_HEARTBEAT_MS = 1_000;

/** Waits for `work`, heartbeating every RESTORE_HEARTBEAT_MS until it settles. */
async function whileHeartbeating<T>(work: Promise<T>, heartbeat: () => Promise<void>, logger: Logger): Promise<T> {
  const timer = setInterval(() => {
    heartbeat().catch((error: unknown) => logger.debug('heartbeat during a restore failed', { error: error as Error }));
  }, RESTORE_HEARTBEAT_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** Bytes of results, late copies and dead letters in flight beyond which reading waits for acknowledgements. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

/** The part of kafkajs's eachBatch payload the handler uses. */
export interface BatchPayload {
  readonly batch: FetchedBatch;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

export interface BatchHandlerOptions {
  readonly registry: PartitionRegistry;
  readonly folder: BatchFolder;
  readonly writer: ResultWriter<Message>;
  readonly logger: Logger;
  /** False once the worker is stopping: a stopping worker folds nothing more. */
  readonly live: () => boolean;
}

/**
 * The speed layer's eachBatch handler: backpressure, the partition's restored
 * state, decoding prerequisites waited out inside the batch, then the fold.
 * The aggregator and the protocol's unit tests run this same handler.
 */
export class BatchHandler {
  constructor(private readonly options: BatchHandlerOptions) {}

  async handle({ batch, heartbeat, isRunning, isStale }: BatchPayload): Promise<void> {
    const { registry, folder, writer, logger, live } = this.options;
    // Backpressure: while the producer is behind, reading more only piles results up in memory.
    if (writer.pendingBytes > MAX_PENDING_BYTES) await writer.drained();
    const owned = () => live() && isRunning() && !isStale();
    if (!owned()) return;
    // Restoring from the state topic can outlast the session timeout: the member keeps heartbeating meanwhile.
    const state = await whileHeartbeating(registry.partition(batch.topic, batch.partition), heartbeat, logger);
    // Stopping may have begun while the partition was restored; a stopped worker folds nothing more.
    if (!state || !live()) return;
    // An unreachable schema registry holds the batch here, unfolded, until it answers.
    const prepared = await retryWithinBatch(() => folder.prepare(batch), { heartbeat, stillOwned: owned, logger, batch });
    if (!prepared || !owned()) return;
    folder.fold(batch, state);
    await heartbeat();
  }
}
