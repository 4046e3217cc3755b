import { SluiceError } from '@sluice/core';
import { KafkaError } from './kafka-error';

/** Sluice's codes for Kafka failures. */
export const KAFKA_ERROR_CODES = {
  unavailable: 'KAFKA_UNAVAILABLE',
  timeout: 'KAFKA_TIMEOUT',
  unknownTopic: 'KAFKA_UNKNOWN_TOPIC',
  leaderMoved: 'KAFKA_LEADER_MOVED',
  coordinatorUnavailable: 'KAFKA_COORDINATOR_UNAVAILABLE',
  rebalance: 'KAFKA_REBALANCE',
  notEnoughReplicas: 'KAFKA_NOT_ENOUGH_REPLICAS',
  transactionBusy: 'KAFKA_TRANSACTION_BUSY',
  throttled: 'KAFKA_THROTTLED',
  offsetOutOfRange: 'KAFKA_OFFSET_OUT_OF_RANGE',
  recordTooLarge: 'KAFKA_RECORD_TOO_LARGE',
  corruptRecord: 'KAFKA_CORRUPT_RECORD',
  topicExists: 'KAFKA_TOPIC_EXISTS',
  /** A topic Sluice needs did not get a leader for every partition in time (see ensureTopics). */
  topicsNotReady: 'KAFKA_TOPICS_NOT_READY',
  invalidRequest: 'KAFKA_INVALID_REQUEST',
  notAuthorized: 'KAFKA_NOT_AUTHORIZED',
  authenticationFailed: 'KAFKA_AUTHENTICATION_FAILED',
  tlsFailed: 'KAFKA_TLS_FAILED',
  unsupported: 'KAFKA_UNSUPPORTED',
  producerFenced: 'KAFKA_PRODUCER_FENCED',
  other: 'KAFKA_ERROR',
} as const;

export type KafkaErrorCode = (typeof KAFKA_ERROR_CODES)[keyof typeof KAFKA_ERROR_CODES];

interface Mapping {
  readonly code: KafkaErrorCode;
  readonly retriable: boolean;
}

const C = KAFKA_ERROR_CODES;
const transient = (code: KafkaErrorCode): Mapping => ({ code, retriable: true });
const permanent = (code: KafkaErrorCode): Mapping => ({ code, retriable: false });

/**
 * Broker error types (kafkajs `KafkaJSProtocolError.type`). Retriable means the
 * same request can succeed later without anyone changing anything: leadership
 * moves, coordinators load, rebalances finish, brokers come back.
 */
export const PROTOCOL_ERROR_TABLE: Readonly<Record<string, Mapping>> = {
  UNKNOWN_TOPIC_OR_PARTITION: transient(C.unknownTopic),
  LEADER_NOT_AVAILABLE: transient(C.leaderMoved),
  NOT_LEADER_FOR_PARTITION: transient(C.leaderMoved),
  FENCED_LEADER_EPOCH: transient(C.leaderMoved),
  UNKNOWN_LEADER_EPOCH: transient(C.leaderMoved),
  PREFERRED_LEADER_NOT_AVAILABLE: transient(C.leaderMoved),
  REPLICA_NOT_AVAILABLE: transient(C.leaderMoved),
  REQUEST_TIMED_OUT: transient(C.timeout),
  BROKER_NOT_AVAILABLE: transient(C.unavailable),
  NETWORK_EXCEPTION: transient(C.unavailable),
  KAFKA_STORAGE_ERROR: transient(C.unavailable),
  NOT_CONTROLLER: transient(C.unavailable),
  GROUP_LOAD_IN_PROGRESS: transient(C.coordinatorUnavailable),
  GROUP_COORDINATOR_NOT_AVAILABLE: transient(C.coordinatorUnavailable),
  NOT_COORDINATOR_FOR_GROUP: transient(C.coordinatorUnavailable),
  REBALANCE_IN_PROGRESS: transient(C.rebalance),
  ILLEGAL_GENERATION: transient(C.rebalance),
  UNKNOWN_MEMBER_ID: transient(C.rebalance),
  MEMBER_ID_REQUIRED: transient(C.rebalance),
  UNSTABLE_OFFSET_COMMIT: transient(C.rebalance),
  NOT_ENOUGH_REPLICAS: transient(C.notEnoughReplicas),
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: transient(C.notEnoughReplicas),
  CONCURRENT_TRANSACTIONS: transient(C.transactionBusy),
  OFFSET_NOT_AVAILABLE: transient(C.offsetOutOfRange),
  CORRUPT_MESSAGE: transient(C.corruptRecord),
  OFFSET_OUT_OF_RANGE: permanent(C.offsetOutOfRange),
  MESSAGE_TOO_LARGE: permanent(C.recordTooLarge),
  RECORD_LIST_TOO_LARGE: permanent(C.recordTooLarge),
  INVALID_RECORD: permanent(C.corruptRecord),
  TOPIC_ALREADY_EXISTS: permanent(C.topicExists),
  INVALID_TOPIC_EXCEPTION: permanent(C.invalidRequest),
  INVALID_PARTITIONS: permanent(C.invalidRequest),
  INVALID_REPLICATION_FACTOR: permanent(C.invalidRequest),
  INVALID_REPLICA_ASSIGNMENT: permanent(C.invalidRequest),
  INVALID_CONFIG: permanent(C.invalidRequest),
  INVALID_REQUEST: permanent(C.invalidRequest),
  INVALID_TIMESTAMP: permanent(C.invalidRequest),
  INVALID_GROUP_ID: permanent(C.invalidRequest),
  INVALID_SESSION_TIMEOUT: permanent(C.invalidRequest),
  INVALID_REQUIRED_ACKS: permanent(C.invalidRequest),
  INVALID_TRANSACTION_TIMEOUT: permanent(C.invalidRequest),
  POLICY_VIOLATION: permanent(C.invalidRequest),
  TOPIC_AUTHORIZATION_FAILED: permanent(C.notAuthorized),
  GROUP_AUTHORIZATION_FAILED: permanent(C.notAuthorized),
  CLUSTER_AUTHORIZATION_FAILED: permanent(C.notAuthorized),
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: permanent(C.notAuthorized),
  SASL_AUTHENTICATION_FAILED: permanent(C.authenticationFailed),
  UNSUPPORTED_SASL_MECHANISM: permanent(C.authenticationFailed),
  UNSUPPORTED_VERSION: permanent(C.unsupported),
  UNSUPPORTED_FOR_MESSAGE_FORMAT: permanent(C.unsupported),
  UNSUPPORTED_COMPRESSION_TYPE: permanent(C.unsupported),
  INVALID_PRODUCER_EPOCH: permanent(C.producerFenced),
  TRANSACTION_COORDINATOR_FENCED: permanent(C.producerFenced),
  FENCED_INSTANCE_ID: permanent(C.producerFenced),
  INVALID_TXN_STATE: permanent(C.producerFenced),
  INVALID_PRODUCER_ID_MAPPING: permanent(C.producerFenced),
  OUT_OF_ORDER_SEQUENCE_NUMBER: permanent(C.producerFenced),
  UNKNOWN_PRODUCER_ID: permanent(C.producerFenced),
};

/** kafkajs's own errors (by `name`), for failures that are not a broker error code. */
export const CLIENT_ERROR_TABLE: Readonly<Record<string, Mapping>> = {
  KafkaJSConnectionError: transient(C.unavailable),
  KafkaJSConnectionClosedError: transient(C.unavailable),
  KafkaJSNoBrokerAvailableError: transient(C.unavailable),
  KafkaJSBrokerNotFound: transient(C.unavailable),
  KafkaJSMetadataNotLoaded: transient(C.unavailable),
  KafkaJSTopicMetadataNotLoaded: transient(C.unavailable),
  KafkaJSStaleTopicMetadataAssignment: transient(C.rebalance),
  KafkaJSGroupCoordinatorNotFound: transient(C.coordinatorUnavailable),
  // kafkajs gives up on these, but a later attempt (a restarted broker, a finished rebalance) can succeed.
  KafkaJSRequestTimeoutError: transient(C.timeout),
  KafkaJSTimeout: transient(C.timeout),
  KafkaJSLockTimeout: transient(C.timeout),
  KafkaJSOffsetOutOfRange: permanent(C.offsetOutOfRange),
  KafkaJSSASLAuthenticationError: permanent(C.authenticationFailed),
  KafkaJSServerDoesNotSupportApiKey: permanent(C.unsupported),
  KafkaJSNotImplemented: permanent(C.unsupported),
  KafkaJSPartialMessageError: permanent(C.corruptRecord),
  KafkaJSUnsupportedMagicByteInMessageSet: permanent(C.corruptRecord),
  KafkaJSInvalidVarIntError: permanent(C.corruptRecord),
  KafkaJSInvalidLongError: permanent(C.corruptRecord),
};

/**
 * Translates anything a kafkajs call threw into a SluiceError with a stable
 * code and a retriable flag. Sluice errors pass through unchanged; when kafkajs
 * ran out of retries, the last underlying failure decides. `context` says what
 * was being done: `toSluiceError(error, 'producing to events')`.
 */
export function toSluiceError(error: unknown, context?: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const underlying = lastUnderlying(error);
  const { kafkaType, mapping } = classify(underlying);
  const reason = underlying instanceof Error ? underlying.message : String(underlying);
  const message = context ? `${context}: ${reason}` : reason;
  return new KafkaError(mapping.code, message, { retriable: mapping.retriable, kafkaType, cause: error });
}

/**
 * kafkajs wraps the real failure when it stops retrying; that failure is what
 * matters. A retry nested in another (a producer's send) ends in a
 * KafkaJSNonRetriableError whose cause is that failure: not retriable only
 * because the inner retry gave up.
 */
function lastUnderlying(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && isRetryWrapper(current); depth++) {
    const cause = (current as Error).cause;
    if (cause === undefined || cause === current) break;
    current = cause;
  }
  return current;
}

/**
 * Node's codes for a broker certificate that does not verify. kafkajs reports
 * them as a retriable connection error, but no retry fixes a certificate.
 */
const TLS_VERIFY_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function classify(error: unknown): { kafkaType: string; mapping: Mapping } {
  const code = (error as { code?: unknown } | null)?.code;
  if (errorName(error) === 'KafkaJSConnectionError' && typeof code === 'string' && TLS_VERIFY_CODES.has(code)) {
    return { kafkaType: code, mapping: permanent(C.tlsFailed) };
  }
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && PROTOCOL_ERROR_TABLE[type]) return { kafkaType: type, mapping: PROTOCOL_ERROR_TABLE[type] };
  const name = errorName(error);
  if (name && CLIENT_ERROR_TABLE[name]) return { kafkaType: name, mapping: CLIENT_ERROR_TABLE[name] };
  if (name === 'KafkaJSAggregateError') return classifyAggregate(error as Error & { errors?: unknown });
  // Any other kafkajs error knows whether it is retriable; trust it.
  const retriable = (error as { retriable?: unknown } | null)?.retriable;
  const kafkaType = typeof type === 'string' ? type : (name ?? 'unknown');
  return { kafkaType, mapping: { code: C.other, retriable: retriable === true } };
}

/** Several failures at once (e.g. one per topic): retriable only if every one is; the first names the code. */
function classifyAggregate(error: Error & { errors?: unknown }): { kafkaType: string; mapping: Mapping } {
  const parts = Array.isArray(error.errors) ? error.errors.map((part: unknown) => classify(part)) : [];
  const first = parts[0];
  if (!first) return { kafkaType: 'KafkaJSAggregateError', mapping: permanent(C.other) };
  return { kafkaType: first.kafkaType, mapping: { code: first.mapping.code, retriable: parts.every((part) => part.mapping.retriable) } };
}

function isRetryWrapper(error: unknown): boolean {
  const name = errorName(error);
  return name === 'KafkaJSNumberOfRetriesExceeded' || (name === 'KafkaJSNonRetriableError' && (error as Error).cause instanceof Error);
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
