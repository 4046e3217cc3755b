import type { Admin } from 'kafkajs';
import { createLogger, parsePipeline, topicSpecsFor, type LogEntry } from '@sluice/core';
import { ensurePipelineTopics } from './ensure-pipeline-topics';

/** An admin over a cluster that already holds `existing` topics with these partition counts. */
function adminWith(existing: Record<string, number>): { admin: Admin; created: string[] } {
  const created: string[] = [];
  const partitions = new Map(Object.entries(existing));
  const admin = {
    listTopics: () => Promise.resolve([...partitions.keys()]),
    createTopics: ({ topics }: { topics: { topic: string; numPartitions: number }[] }) => {
      for (const topic of topics) {
        created.push(topic.topic);
        partitions.set(topic.topic, topic.numPartitions);
      }
      return Promise.resolve(true);
    },
    fetchTopicMetadata: ({ topics }: { topics: string[] }) =>
      Promise.resolve({ topics: topics.map((name) => ({ name, partitions: Array.from({ length: partitions.get(name) ?? 0 }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0 })) })) }),
  };
  return { admin: admin as unknown as Admin, created };
}

describe('ensurePipelineTopics', () => {
  const config = parsePipeline('name: shop\nsources:\n  events: { topic: events, key: k, timestamp: ts, partitions: 4 }\n', { env: {} });

  it('creates what is missing and warns, with both numbers, about a topic of another size', async () => {
    const entries: LogEntry[] = [];
    const { admin, created } = adminWith({ events: 2 });
    const result = await ensurePipelineTopics(admin, topicSpecsFor(config, 'compactor'), createLogger({ module: 'test', sink: (entry) => entries.push(entry) }));

    expect(created).toEqual(['shop.dlq']);
    expect(result.mismatches).toEqual([{ topic: 'events', expected: 4, actual: 2 }]);
    expect(entries).toEqual([expect.objectContaining({ level: 'warn', topic: 'events', role: 'source', expected: 4, actual: 2 })]);
  });
});
