import { createLogger, type LogEntry } from '@sluice/core';
import { createDeadLetterWriter, createKafka, ensureTopics, readDeadLetterOrigin } from '@sluice/kafka';
import { Partitioners } from 'kafkajs';
import { readAllRecords, testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';

// Real brokers on a shared machine: jest reads testTimeout only from the root config, not from a project.
jest.setTimeout(120_000);

describe('the dead-letter writer', () => {
  it('keeps the original bytes and headers and adds the reason and origin headers', async () => {
    const entries: LogEntry[] = [];
    const logger = createLogger({ module: 'dlq-test', sink: (entry) => entries.push(entry), level: 'warn' });
    const kafka = createKafka({ brokers: testBrokers(), clientId: uniqueName('dlq') }, logger);
    const deadLetterTopic = uniqueName('events_dlq');
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: deadLetterTopic, partitions: 1 }]).finally(() => admin.disconnect());
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const undecodable = Buffer.from([0x7b, 0xff, 0x00, 0x22]);

    try {
      await createDeadLetterWriter(producer, deadLetterTopic).send(
        { topic: 'events', partition: 3, offset: '41', key: Buffer.from('user-9'), value: undecodable, headers: { 'trace-id': 'abc' } },
        'invalid JSON: Unexpected token at position 1',
      );
    } finally {
      await producer.disconnect();
    }

    const [record, ...rest] = await readAllRecords(deadLetterTopic);
    expect(rest).toEqual([]);
    expect(record?.key?.toString()).toBe('user-9');
    expect(record?.value?.equals(undecodable)).toBe(true);
    expect(record?.headers['trace-id']?.toString()).toBe('abc');
    expect(readDeadLetterOrigin(record?.headers)).toEqual({
      reason: 'invalid JSON: Unexpected token at position 1',
      topic: 'events',
      partition: 3,
      offset: '41',
    });
    expect(entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
