import type { Kafka } from 'kafkajs';
import type { GeneratedEvent } from '@sluice/producer';

/** Sends generated records in their order, each to the partition the generator computed. */
export async function sendRecords(kafka: Kafka, topic: string, records: readonly GeneratedEvent[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const chunk = 2_000;
    for (let from = 0; from < records.length; from += chunk) {
      const messages = records.slice(from, from + chunk).map((record) => ({ key: record.key, partition: record.partition, value: JSON.stringify(record.event) }));
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}
