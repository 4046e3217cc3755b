import type { KafkaSettings, Logger } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import type { Kafka } from 'kafkajs';

/**
 * A kafkajs client for the ingest path: short connection timeouts and few
 * retries, so that an unreachable Kafka becomes a 503 in seconds, not a
 * request that hangs.
 */
export function ingestKafkaClient(settings: KafkaSettings, logger: Logger): Kafka {
  return createKafka(settings, logger, {
    logLevel: 'warn',
    client: { connectionTimeout: 1_000, requestTimeout: 10_000, retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 } },
  });
}
