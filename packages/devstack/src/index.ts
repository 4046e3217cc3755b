/**
 * @sluice/devstack, development and test tooling: the local KRaft broker
 * behind `sluice kafka up` and the Apicurio schema registry of the Avro tests.
 * Imported only by the cli, tests and bench/ (npm run check:deps).
 */
export { startLocalBroker } from './broker/start-local-broker';
export type { StartLocalBrokerOptions, LocalBroker } from './broker/start-local-broker';
export type { SaslSslListener, ScramUser } from './broker/sasl-ssl-listener';
export { stopLocalBroker } from './broker/stop-local-broker';
export type { StopLocalBrokerOptions, StopResult } from './broker/stop-local-broker';
export { resolveKafkaDistribution, kafkaVersion, sluiceCacheDir, KAFKA_POM_PATH } from './broker/distribution';
export type { KafkaDistribution } from './broker/distribution';
export { LocalBrokerError, LOCAL_BROKER_ERROR_CODES } from './broker/local-broker-error';
export type { LocalBrokerErrorCode } from './broker/local-broker-error';
export { findFreePort } from './broker/ports';
export { probeMetadata } from './broker/probe-metadata';
export { startSchemaRegistry } from './registry/start-schema-registry';
export type { SchemaRegistryProcess, StartSchemaRegistryOptions } from './registry/start-schema-registry';
export { resolveApicurio, REGISTRY_POM_PATH } from './registry/apicurio-distribution';
export type { ApicurioDistribution } from './registry/apicurio-distribution';
