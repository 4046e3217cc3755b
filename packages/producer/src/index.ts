/**
 * @sluice/producer: HTTP ingest and the load generator. Public: what the cli
 * runs and what tests use to generate traffic. Internal: exported for Sluice's
 * own tests and benchmarks only.
 */
export { startIngest } from './ingest/ingest-server';
export { IngestGuard } from './ingest/auth/ingest-guard';
export type { IngestCaller } from './ingest/auth/ingest-guard';
export { hashApiKey } from './ingest/auth/hash-api-key';
export type { IngestOptions, IngestService } from './ingest/ingest-server';
export { INGEST_ERROR_CODES, IngestError } from './ingest/ingest-error';
export type { IngestErrorCode } from './ingest/ingest-error';
export { REJECT_REASONS } from './ingest/validate-event';
export type { RejectReason } from './ingest/validate-event';
export type { Rejection } from './ingest/accept-batch';
export { generateEvents } from './loadgen/generate-events';
export type { GenerateOptions } from './loadgen/generate-events';
export { SEND_KINDS } from './loadgen/generated-event';
export type { AppEvent, GeneratedEvent, GeneratedRun, SendKind } from './loadgen/generated-event';
export { runLoadgen } from './loadgen/run-loadgen';
export type { LoadgenOptions } from './loadgen/run-loadgen';
export { progressReporter } from './loadgen/progress-reporter';

// Internal.
export { sendPaced } from './loadgen/send-paced';
export type { PacedOptions, SendProgress } from './loadgen/send-paced';
export { directSender } from './loadgen/senders/direct-sender';
export type { DirectSenderOptions } from './loadgen/senders/direct-sender';
export { httpSender } from './loadgen/senders/http-sender';
export type { HttpSenderOptions } from './loadgen/senders/http-sender';
export type { EventSender } from './loadgen/senders/event-sender';
export { recordKey, partitionOf } from './event/record-key';
export { uuidV7 } from './event/uuid-v7';
