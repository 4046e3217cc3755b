import { createTestTopic, readAllRecords, testKafka } from '../../../test/support/kafka';

// Real brokers on a shared machine: jest reads testTimeout only from the root config, not from a project.
jest.setTimeout(120_000);

describe('the test broker', () => {
  it('takes a record from a kafkajs producer and gives it back to a consumer', async () => {
    const topic = await createTestTopic('produce_consume', 2);
    const producer = testKafka().producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'user-1', value: JSON.stringify({ type: 'page_view', ts: 1 }) }] });
    } finally {
      await producer.disconnect();
    }

    const records = await readAllRecords(topic);

    expect(records).toHaveLength(1);
    expect(records[0]?.key?.toString()).toBe('user-1');
    expect(JSON.parse(records[0]?.value?.toString() ?? 'null')).toEqual({ type: 'page_view', ts: 1 });
  });
});
