import { parsePipeline } from '../config/load';
import { pipelineTopicSpecs, sourceTopicSpecs, topicSpecOf, topicSpecsFor, TOPICS_BY_ROLE } from './topic-specs';

const config = parsePipeline(
  [
    'name: shop',
    'sources:',
    '  clicks: { topic: clicks, key: user_id, timestamp: ts, partitions: 3, replicationFactor: 3 }',
    '  orders: { topic: orders, key: user_id, timestamp: ts, partitions: 8, replicationFactor: 2 }',
  ].join('\n'),
  { env: {} },
);

/** The state topic is compacted, and compacted soon: its dead states are overwritten at every commit. */
const STATE_TOPIC_CONFIG = { 'cleanup.policy': 'compact', 'segment.ms': '60000', 'min.cleanable.dirty.ratio': '0.1' };

describe('topic specs', () => {
  it('gives each source topic its own partitions and replication', () => {
    expect(sourceTopicSpecs(config)).toEqual([
      { role: 'source', topic: 'clicks', partitions: 3, replicationFactor: 3, config: {} },
      { role: 'source', topic: 'orders', partitions: 8, replicationFactor: 2, config: {} },
    ]);
  });

  it('sizes results, late and dead-letter topics alike: the widest source, the smallest replication', () => {
    for (const role of ['results', 'late', 'deadLetter'] as const) {
      expect(topicSpecOf(config, role)).toMatchObject({ role, topic: config.kafka.topics[role], partitions: 8, replicationFactor: 2 });
    }
    expect(topicSpecOf(config, 'deadLetter').topic).toBe('shop.dlq');
  });

  it('gives every role that creates a topic the same shape of it, so start order does not matter', () => {
    const shapes = new Map<string, unknown>();
    for (const role of Object.keys(TOPICS_BY_ROLE) as (keyof typeof TOPICS_BY_ROLE)[]) {
      for (const spec of topicSpecsFor(config, role)) {
        expect(shapes.get(spec.topic) ?? spec).toEqual(spec);
        shapes.set(spec.topic, spec);
      }
    }
    expect(topicSpecsFor(config, 'compactor').map((spec) => spec.topic)).toEqual(['clicks', 'orders', 'shop.dlq']);
    expect(topicSpecsFor(config, 'sink').map((spec) => spec.topic)).toEqual(['shop.results', 'shop.dlq']);
    expect(topicSpecsFor(config, 'aggregator')).toHaveLength(6);
  });

  it('creates the results, late and dead-letter topics with retention.topics as retention.ms, a source topic with the broker default', () => {
    expect(topicSpecOf(config, 'results').config).toEqual({ 'retention.ms': '604800000' });
    expect(topicSpecOf(config, 'late').config).toEqual({ 'retention.ms': '604800000' });
    expect(topicSpecOf(config, 'deadLetter').config).toEqual({ 'retention.ms': '2592000000' });
    const kept = parsePipeline('retention: { topics: { results: 2h, late: 0, deadLetter: 90d } }\nsources:\n  e: { topic: e, key: k, timestamp: ts }\n', { env: {} });
    expect(pipelineTopicSpecs(kept).map((spec) => spec.config)).toEqual([{}, { 'retention.ms': '7200000' }, { 'retention.ms': '-1' }, { 'retention.ms': '7776000000' }, STATE_TOPIC_CONFIG]);
  });

  it('adds the compacted state topic, shaped like the results topic, unless checkpoints are off', () => {
    const checkpointed = parsePipeline('sources:\n  e: { topic: e, key: k, timestamp: ts, partitions: 4 }\n', { env: {} });
    expect(topicSpecOf(checkpointed, 'state')).toEqual({
      role: 'state',
      topic: 'sluice.aggregator-state',
      partitions: 4,
      replicationFactor: 1,
      config: STATE_TOPIC_CONFIG,
    });
    expect(topicSpecsFor(checkpointed, 'aggregator').map((spec) => spec.role)).toEqual(['source', 'results', 'late', 'deadLetter', 'state']);
    expect(topicSpecsFor(checkpointed, 'sink').some((spec) => spec.role === 'state')).toBe(false);
    const replayOnly = parsePipeline('aggregator: { checkpoints: false }\nsources:\n  e: { topic: e, key: k, timestamp: ts }\n', { env: {} });
    expect(pipelineTopicSpecs(replayOnly).some((spec) => spec.role === 'state')).toBe(false);
  });

  it('creates a topic two roles share once', () => {
    const shared = parsePipeline('kafka: { topics: { late: out, deadLetter: out } }\nsources:\n  e: { topic: e, key: k, timestamp: ts }\n', { env: {} });
    expect(pipelineTopicSpecs(shared).map((spec) => spec.topic)).toEqual(['e', 'sluice.results', 'out', 'sluice.aggregator-state']);
    expect(topicSpecsFor(shared, 'compactor').map((spec) => spec.topic)).toEqual(['e', 'out']);
  });
});
