/**
 * @sluice/kafka, the Kafka adapter: what the workers and the cli share over
 * kafkajs. Internal: exported for Sluice's own tests only.
 */
export { createKafka } from './client/create-kafka';
export type { CreateKafkaOptions } from './client/create-kafka';
export { ensureTopics } from './topics/ensure-topics';
export type { TopicSpec, EnsureTopicsResult, PartitionMismatch } from './topics/ensure-topics';
export { sourceTopicSpecs } from './topics/source-topics';
export { ensureSourceTopics } from './topics/ensure-source-topics';
export { createDeadLetterWriter } from './dead-letter/dead-letter-writer';
export type { DeadLetterWriter, UndecodableRecord } from './dead-letter/dead-letter-writer';
export { DEAD_LETTER_HEADERS, deadLetterHeaders, readDeadLetterOrigin } from './dead-letter/dead-letter-headers';
export type { DeadLetterOrigin } from './dead-letter/dead-letter-headers';
export { toSluiceError, KAFKA_ERROR_CODES } from './errors/kafka-error-table';
export type { KafkaErrorCode } from './errors/kafka-error-table';
export { KafkaError } from './errors/kafka-error';
export { AvroValueDecoder } from './avro/avro-value-decoder';
export { UndecodableValueError } from './avro/undecodable-value-error';
export { retryWithinBatch } from './consumer/retry-within-batch';
export type { RetryWithinBatchOptions } from './consumer/retry-within-batch';

// Internal.
export { sluiceLogCreator } from './client/log-creator';
export { PROTOCOL_ERROR_TABLE, CLIENT_ERROR_TABLE } from './errors/kafka-error-table';
export { schemaIdOf } from './avro/avro-value-decoder';
