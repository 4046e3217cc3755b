import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from '../../../../test/support/unique-name';
import { waitFor } from '../../../../test/support/wait-for';

/** Every record value of `topic` on `brokers` up to its current end, as parsed JSON. */
export async function readTopicValues(brokers: readonly string[], topic: string): Promise<Record<string, unknown>[]> {
  const kafka = new Kafka({ clientId: uniqueName('reader'), brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((end) => end.high !== end.low).map((end) => [end.partition, BigInt(end.high)]));
  const values: Record<string, unknown>[] = [];
  if (remaining.size === 0) return values;
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = remaining.get(partition);
        if (end === undefined || BigInt(message.offset) >= end) return;
        values.push(JSON.parse(String(message.value)) as Record<string, unknown>);
        if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
      },
    });
    await waitFor(() => remaining.size === 0, { what: `the end of ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return values;
}
