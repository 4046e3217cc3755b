import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

/** The brokers of the run's real Kafka (from the jest global setup, or a broker named in SLUICE_TEST_BROKERS). */
export function testBrokers(): string[] {
  const brokers = process.env['SLUICE_TEST_BROKERS'];
  if (!brokers) {
    throw new Error('SLUICE_TEST_BROKERS is not set: run integration tests with `jest --selectProjects integration`, whose global setup starts the broker');
  }
  return brokers.split(',').map((broker) => broker.trim()).filter((broker) => broker.length > 0);
}

/** A kafkajs client for the test broker that logs only errors. */
export function testKafka(clientId = uniqueName('test')): Kafka {
  return new Kafka({ clientId, brokers: testBrokers(), logLevel: logLevel.ERROR });
}

/** Creates a topic no other test uses (`prefix_<hex>`) and returns its name once every partition has a leader. */
export async function createTestTopic(prefix: string, partitions = 1): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
    await waitFor(
      async () => {
        const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
        const found = metadata.topics[0]?.partitions ?? [];
        return found.length === partitions && found.every((partition) => partition.leader >= 0);
      },
      { what: `topic ${topic} with ${partitions} partitions` },
    );
    return topic;
  } finally {
    await admin.disconnect();
  }
}

/** One record as read back from a topic. */
export interface TestRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  readonly timestamp: string;
}

/**
 * Every record in `topic` up to its end offsets at the time of the call,
 * in partition and offset order. Reads with a throwaway consumer group.
 */
export async function readAllRecords(topic: string, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<TestRecord[]> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((end) => end.high !== end.low).map((end) => [end.partition, BigInt(end.high)]));
  const records: TestRecord[] = [];
  if (remaining.size === 0) return records;

  // A short fetch wait: disconnect waits for the fetch in flight, which long-polls an idle topic.
  const consumer = kafka.consumer({ groupId: uniqueName('test-reader'), maxWaitTimeInMs: 250 });
  const reached = (partition: number, offset: string | null | undefined): void => {
    const end = remaining.get(partition);
    if (end !== undefined && offset !== null && offset !== undefined && BigInt(offset) + 1n >= end) remaining.delete(partition);
  };
  // Batch events also report batches of only transaction markers, which eachMessage never sees.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reached(payload.partition, payload.lastOffset));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = ends.find((candidate) => candidate.partition === partition);
        if (end === undefined || BigInt(message.offset) >= BigInt(end.high)) return;
        records.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {}, timestamp: message.timestamp });
        reached(partition, message.offset);
      },
    });
    await waitFor(() => remaining.size === 0, { timeoutMs, what: `the end of ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
