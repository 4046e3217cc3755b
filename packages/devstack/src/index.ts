export { startLocalBroker, type StartLocalBrokerOptions, type LocalBroker } from './broker/start-local-broker';
export { stopLocalBroker, type StopLocalBrokerOptions, type StopResult } from './broker/stop-local-broker';
export { resolveKafkaDistribution, kafkaVersion, sluiceCacheDir, KAFKA_POM_PATH, type KafkaDistribution } from './broker/distribution';
export { LocalBrokerError, LOCAL_BROKER_ERROR_CODES, type LocalBrokerErrorCode } from './broker/local-broker-error';
export { findFreePort } from './broker/ports';
export { probeMetadata } from './broker/probe-metadata';
export { startSchemaRegistry, type SchemaRegistryProcess, type StartSchemaRegistryOptions } from './registry/start-schema-registry';
export { resolveApicurio, REGISTRY_POM_PATH, type ApicurioDistribution } from './registry/apicurio-distribution';
