import type { KafkaSettings, Logger, LogLevel } from '@sluice/core';
import { Kafka, type KafkaConfig } from 'kafkajs';
import { kafkajsLevel, sluiceLogCreator } from './log-creator';

export interface CreateKafkaOptions {
  /** The lowest kafkajs level passed to the logger; kafkajs `info` covers group joins and rebalances. */
  readonly logLevel?: LogLevel;
  /** Further kafkajs client settings (timeouts, retry, ssl, sasl); brokers, clientId and logging come from Sluice. */
  readonly client?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator' | 'logLevel'>;
}

/** A kafkajs client for the configured brokers whose logs go to the Sluice logger. */
export function createKafka(settings: Pick<KafkaSettings, 'brokers' | 'clientId'>, logger: Logger, options: CreateKafkaOptions = {}): Kafka {
  return new Kafka({
    ...options.client,
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logCreator: sluiceLogCreator(logger),
    logLevel: kafkajsLevel(options.logLevel ?? 'info'),
  });
}
