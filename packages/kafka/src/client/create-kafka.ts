import type { KafkaSettings, Logger, LogLevel } from '@sluice/core';
import { Kafka, type KafkaConfig } from 'kafkajs';
import { saslOptions, tlsOptions } from './connection-options';
import { kafkajsLevel, sluiceLogCreator } from './log-creator';

export interface CreateKafkaOptions {
  /** The lowest kafkajs level passed to the logger; kafkajs `info` covers group joins and rebalances. */
  readonly logLevel?: LogLevel;
  /** Further kafkajs client settings (timeouts, retry); brokers, clientId, TLS, SASL and logging come from Sluice. */
  readonly client?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator' | 'logLevel' | 'ssl' | 'sasl'>;
}

/**
 * The one way Sluice makes a kafkajs client: for the configured brokers, over
 * TLS and with the SASL login the config asks for, logging to the Sluice logger.
 */
export function createKafka(
  settings: Pick<KafkaSettings, 'brokers' | 'clientId' | 'ssl' | 'sasl'>,
  logger: Logger,
  options: CreateKafkaOptions = {},
): Kafka {
  return new Kafka({
    ...options.client,
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    ...(settings.ssl === undefined ? {} : { ssl: tlsOptions(settings.ssl) }),
    ...(settings.sasl === undefined ? {} : { sasl: saslOptions(settings.sasl) }),
    logCreator: sluiceLogCreator(logger),
    logLevel: kafkajsLevel(options.logLevel ?? 'info'),
  });
}
