/**
 * @sluice/sink, the serving sink. Public: the worker the cli runs and the
 * serving schema it keeps. Internal: its parts, exported for Sluice's own
 * tests and benchmarks only.
 */
export { ServingSink } from './serving-sink';
export type { ServingSinkOptions } from './serving-sink';
export { ensureServingSchema } from './ensure-serving-schema';
export { UnusableResultError, SchemaConflictError } from './sink-errors';

// Internal.
export { decodeWindowResults } from './decode-window-result';
export { createSpeedRowEncoder } from './speed-row-encoder';
export type { SpeedRowEncoder } from './speed-row-encoder';
export { PendingBatch } from './pending-batch';
export type { BatchLimits, PendingRow, RecordOrigin, RejectedRecord, CommitPoints } from './pending-batch';
export { SpeedWriter } from './speed-writer';
export type { SpeedWriterOptions } from './speed-writer';
export { SinkWorker, INSERT_RETRY } from './sink-worker';
export type { DeadLetters, SinkWorkerOptions } from './sink-worker';
export { SinkLifecycle } from './sink-lifecycle';
export type { SinkState } from './sink-lifecycle';
export { createSinkMetrics } from './sink-metrics';
export type { SinkMetrics } from './sink-metrics';
