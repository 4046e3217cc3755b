import type { KafkaSettings, Logger } from '@sluice/core';
import { CompressionTypes, Partitioners } from 'kafkajs';
import { ingestKafkaClient } from '../../ingest/kafka-client';
import type { GeneratedEvent } from '../generated-event';
import type { EventSender } from './event-sender';

export interface DirectSenderOptions {
  readonly kafka: KafkaSettings;
  readonly topic: string;
  readonly compression?: 'none' | 'gzip';
  readonly logger: Logger;
}

/**
 * Sends straight to Kafka as JSON through one idempotent producer (acks all),
 * one batch at a time, so per-partition order is the send order.
 */
export async function directSender(options: DirectSenderOptions): Promise<EventSender> {
  const producer = ingestKafkaClient(options.kafka, options.logger).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return {
    retries: 0,
    async send(records: readonly GeneratedEvent[]): Promise<void> {
      const sentAt = Date.now();
      await producer.send({
        topic: options.topic,
        acks: -1,
        compression: options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        // Stamped with the send time, as ingest stamps its arrival time: the reference of the source's event-time bounds.
        messages: records.map((record) => ({ key: record.key, value: JSON.stringify(record.event), timestamp: String(sentAt) })),
      });
    },
    close: () => producer.disconnect(),
  };
}
