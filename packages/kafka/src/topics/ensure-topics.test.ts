import type { Admin, PartitionMetadata } from 'kafkajs';
import { KafkaJSAggregateError, KafkaJSProtocolError } from 'kafkajs';
import { KAFKA_ERROR_CODES } from '../errors/kafka-error-table';
import { ensureTopics } from './ensure-topics';

/** A broker error as kafkajs builds it from a response's error code. */
function brokerError(type: string, message: string, retriable = true): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, code: 3, retriable }));
}

type Step<T> = T | Error;

/**
 * An admin whose calls answer the scripted steps in order (the last one
 * repeats), the way a broker answers a topic another process is creating.
 */
function scriptedAdmin(script: { list: Step<string[]>[]; create: Step<boolean>[]; metadata: Step<Record<string, PartitionMetadata[]>>[] }) {
  const calls = { list: 0, create: 0, metadata: 0 };
  const next = <T>(steps: Step<T>[], call: keyof typeof calls): Promise<T> => {
    const step = steps[Math.min(calls[call]++, steps.length - 1)] as Step<T>;
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  };
  const admin = {
    listTopics: () => next(script.list, 'list'),
    createTopics: () => next(script.create, 'create'),
    fetchTopicMetadata: () =>
      next(script.metadata, 'metadata').then((topics) => ({ topics: Object.entries(topics).map(([name, partitions]) => ({ name, partitions })) })),
  };
  return { admin: admin as unknown as Admin, calls };
}

const led = (count: number, leader = 1): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader, partitionErrorCode: 0, replicas: [1], isr: [1] }));
const noWait = { sleeper: { sleep: () => Promise.resolve() }, random: () => 0 };

describe('ensureTopics under a concurrent creation', () => {
  it('takes a topic another client created as existing and waits out the errors of its first moments', async () => {
    const { admin, calls } = scriptedAdmin({
      list: [[]],
      create: [false],
      metadata: [
        brokerError('UNKNOWN_TOPIC_OR_PARTITION', 'This server does not host this topic-partition'),
        brokerError('LEADER_NOT_AVAILABLE', 'There is no leader for this topic-partition'),
        { dlq: led(3, -1) },
        { dlq: led(3) },
      ],
    });

    const result = await ensureTopics(admin, [{ topic: 'dlq', partitions: 3 }], { retry: noWait });

    expect(result).toEqual({ created: [], existing: ['dlq'], mismatches: [] });
    expect(calls.metadata).toBe(4);
  });

  it('counts a TOPIC_ALREADY_EXISTS refusal as success', async () => {
    const exists = new KafkaJSAggregateError('Topic creation errors', [brokerError('TOPIC_ALREADY_EXISTS', 'Topic with this name already exists', false)]);
    const { admin } = scriptedAdmin({ list: [[]], create: [exists], metadata: [{ dlq: led(3) }] });

    await expect(ensureTopics(admin, [{ topic: 'dlq', partitions: 3 }], { retry: noWait })).resolves.toEqual({ created: [], existing: ['dlq'], mismatches: [] });
  });

  it('names the topics it created, and reports another partition count with both numbers once the leaders are there', async () => {
    const { admin } = scriptedAdmin({ list: [['events']], create: [true], metadata: [{ events: led(1, -1), dlq: led(3) }, { events: led(1), dlq: led(3) }] });

    const result = await ensureTopics(admin, [{ topic: 'events', partitions: 3 }, { topic: 'dlq', partitions: 3 }], { retry: noWait });

    expect(result).toEqual({ created: ['dlq'], existing: ['events'], mismatches: [{ topic: 'events', expected: 3, actual: 1 }] });
  });

  it('gives up after the bounded retries with what is still missing and how many attempts it made', async () => {
    const { admin, calls } = scriptedAdmin({ list: [[]], create: [false], metadata: [{ dlq: led(2, -1) }] });

    const failure = ensureTopics(admin, [{ topic: 'dlq', partitions: 2 }], { retry: { ...noWait, retries: 3 } });

    await expect(failure).rejects.toMatchObject({
      code: KAFKA_ERROR_CODES.topicsNotReady,
      retriable: true,
      message: 'ensuring topics dlq: gave up after 4 attempts: not every partition has a leader yet: dlq partitions 0, 1 have no leader',
    });
    expect(calls.metadata).toBe(4);
  });

  it('fails at once on an error no retry can cure', async () => {
    const refusal = brokerError('INVALID_REPLICATION_FACTOR', 'Replication factor: 3 larger than available brokers: 1', false);
    const { admin, calls } = scriptedAdmin({ list: [[]], create: [refusal], metadata: [{}] });

    await expect(ensureTopics(admin, [{ topic: 'dlq', partitions: 2 }], { retry: noWait })).rejects.toMatchObject({
      code: KAFKA_ERROR_CODES.invalidRequest,
      message: 'ensuring topics dlq: Replication factor: 3 larger than available brokers: 1',
    });
    expect(calls.create).toBe(1);
  });
});
