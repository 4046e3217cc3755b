import { parsePipeline, silentLogger, topicSpecsFor } from '@sluice/core';
import { createKafka, ensurePipelineTopics } from '@sluice/kafka';
import { ConfigResourceTypes } from 'kafkajs';
import { testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';

// Real brokers on a shared machine: jest reads testTimeout only from the root config, not from a project.
jest.setTimeout(120_000);

describe('topic retention', () => {
  it('creates the results, late and dead-letter topics with retention.topics as retention.ms and leaves an existing topic as it is', async () => {
    const name = uniqueName('retained');
    const source = uniqueName('events');
    const config = parsePipeline(
      `name: ${name}\nkafka: { brokers: ${JSON.stringify(testBrokers())} }\nretention: { topics: { results: 2h, late: 0, deadLetter: 3d } }\nsources:\n  events: { topic: ${source}, key: k, timestamp: ts, partitions: 1 }\n`,
      { env: {} },
    );
    const admin = createKafka(config.kafka, silentLogger).admin();
    await admin.connect();
    try {
      // The results topic exists already with its own retention: it is not altered.
      await admin.createTopics({ topics: [{ topic: config.kafka.topics.results, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '60000' }] }] });
      await ensurePipelineTopics(admin, topicSpecsFor(config, 'aggregator'), silentLogger);
      const { topics } = config.kafka;
      const described = await admin.describeConfigs({
        resources: [topics.results, topics.late, topics.deadLetter].map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] })),
        includeSynonyms: false,
      });
      const retention = Object.fromEntries(described.resources.map((resource) => [resource.resourceName, resource.configEntries[0]?.configValue]));
      expect(retention).toEqual({ [topics.results]: '60000', [topics.late]: '-1', [topics.deadLetter]: String(3 * 86_400_000) });
    } finally {
      await admin.disconnect();
    }
  });
});
