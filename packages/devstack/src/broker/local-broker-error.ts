import { SluiceError } from '@sluice/core';

/** Why the local broker could not be resolved, started or stopped. */
export const LOCAL_BROKER_ERROR_CODES = {
  javaMissing: 'KAFKA_JAVA_MISSING',
  mavenMissing: 'KAFKA_MAVEN_MISSING',
  mavenResolveFailed: 'KAFKA_MAVEN_RESOLVE_FAILED',
  portInUse: 'KAFKA_PORT_IN_USE',
  storageFormatFailed: 'KAFKA_STORAGE_FORMAT_FAILED',
  brokerExited: 'KAFKA_BROKER_EXITED',
  startTimeout: 'KAFKA_BROKER_START_TIMEOUT',
  stopFailed: 'KAFKA_BROKER_STOP_FAILED',
} as const;

export type LocalBrokerErrorCode = (typeof LOCAL_BROKER_ERROR_CODES)[keyof typeof LOCAL_BROKER_ERROR_CODES];

/** A local-broker failure whose message says what failed and what to do about it. */
export class LocalBrokerError extends SluiceError {
  constructor(code: LocalBrokerErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
