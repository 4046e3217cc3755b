export { decodeWindowResults } from './decode-window-result';
export { createSpeedRowEncoder, type SpeedRowEncoder } from './speed-row-encoder';
export { PendingBatch, type BatchLimits, type PendingRow, type RecordOrigin, type RejectedRecord, type CommitPoints } from './pending-batch';
export { SpeedWriter, type SpeedWriterOptions } from './speed-writer';
export { SinkWorker, INSERT_RETRY, type DeadLetters, type SinkWorkerOptions } from './sink-worker';
export { createSinkMetrics, type SinkMetrics } from './sink-metrics';
export { UnusableResultError, SchemaConflictError } from './sink-errors';
export { ensureServingSchema } from './ensure-serving-schema';
export { ServingSink, type ServingSinkOptions, type SinkStorage } from './serving-sink';
