import type { PipelineConfig } from '../config/types';

/** A topic Sluice needs, as created when it is missing. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /** Absent: the broker's `default.replication.factor`. */
  readonly replicationFactor?: number;
  /** Topic-level settings, e.g. `{ 'retention.ms': '604800000' }`. */
  readonly config?: Readonly<Record<string, string>>;
}

/** What a pipeline topic carries. */
export type TopicRole = 'source' | 'results' | 'late' | 'deadLetter' | 'state';

/** A topic of the pipeline, with every field decided. */
export interface PipelineTopicSpec extends TopicSpec {
  readonly role: TopicRole;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
}

/** The state topic keeps the last value per key; segments roll and get cleaned within minutes. */
const STATE_TOPIC_CONFIG = { 'cleanup.policy': 'compact', 'segment.ms': '60000', 'min.cleanable.dirty.ratio': '0.1' } as const;

/** Which topics each role creates at start, so roles can start in any order and every topic gets the same shape. */
export const TOPICS_BY_ROLE = {
  ingest: ['source'],
  aggregator: ['source', 'results', 'late', 'deadLetter', 'state'],
  sink: ['results', 'deadLetter'],
  compactor: ['source', 'deadLetter'],
} as const satisfies Record<string, readonly TopicRole[]>;

export type TopicCreatorRole = keyof typeof TOPICS_BY_ROLE;

/**
 * The shape of every topic of a pipeline, decided here and nowhere else.
 *
 * - A source topic has the partitions and replication its `sources` entry asks for.
 * - The results, late and dead-letter topics all get as many partitions as the
 *   widest source (they take records from every source partition, so they
 *   scale as the sources do, and a sink instance per source partition has work)
 *   and the smallest replication factor of the sources (at least 1, so a
 *   single-broker development cluster can hold them).
 * - The aggregator's state topic (only with `aggregator.checkpoints`) has the
 *   same shape, compacted: only the last value of each open window is needed,
 *   and compaction running soon after writes keeps a restore's read short.
 *
 * - The results, late and dead-letter topics keep records for `retention.topics`
 *   (`retention.ms`); a source topic keeps the broker's default, its records
 *   being the input the speed layer replays and the raw table lands.
 *
 * An existing topic is never changed (its retention included: it may have
 * been set by its owner): adding partitions would move keys to
 * other partitions. A topic that exists with another partition count is
 * reported with a warning, never refused, because no guarantee rests on the
 * count: the ingest hashes keys over the partitions that exist, so a key (and
 * a session, whose view groups by the key) stays in one source partition
 * whatever their number; the aggregator sends source partition p's results to
 * results partition p mod the count it reads at start, so one source
 * partition's results stay in order; the sink and the batch layer key every
 * row by its source partition and version. Only parallelism changes.
 */
export function pipelineTopicSpecs(config: PipelineConfig): PipelineTopicSpec[] {
  return uniqueByTopic(everyTopicSpec(config));
}

/** The topics `role` creates at start, in the shapes of pipelineTopicSpecs. */
export function topicSpecsFor(config: PipelineConfig, role: TopicCreatorRole): PipelineTopicSpec[] {
  const roles: readonly TopicRole[] = TOPICS_BY_ROLE[role];
  return uniqueByTopic(everyTopicSpec(config).filter((spec) => roles.includes(spec.role)));
}

/** The spec of the results, late or dead-letter topic. */
export function topicSpecOf(config: PipelineConfig, role: Exclude<TopicRole, 'source'>): PipelineTopicSpec {
  return everyTopicSpec(config).find((spec) => spec.role === role) as PipelineTopicSpec;
}

/** The source topic specs, one per source. */
export function sourceTopicSpecs(config: PipelineConfig): PipelineTopicSpec[] {
  return topicSpecsFor(config, 'ingest');
}

function everyTopicSpec(config: PipelineConfig): PipelineTopicSpec[] {
  const sources = Object.values(config.sources);
  const sourceSpecs = sources.map((source): PipelineTopicSpec => ({ role: 'source', topic: source.topic, partitions: source.partitions, replicationFactor: source.replicationFactor, config: {} }));
  const partitions = Math.max(1, ...sources.map((source) => source.partitions));
  const replicationFactor = Math.max(1, Math.min(...sources.map((source) => source.replicationFactor)));
  const output = (role: TopicRole, topic: string, retentionMs: number): PipelineTopicSpec => ({ role, topic, partitions, replicationFactor, config: { 'retention.ms': topicRetentionMs(retentionMs) } });
  const { results, late, deadLetter, state } = config.kafka.topics;
  const retention = config.retention.topics;
  const specs = [...sourceSpecs, output('results', results, retention.resultsMs), output('late', late, retention.lateMs), output('deadLetter', deadLetter, retention.deadLetterMs)];
  // Compacted, never deleted by time: an open window's last state must outlive any retention.
  if (config.aggregator.checkpoints) specs.push({ role: 'state', topic: state, partitions, replicationFactor, config: STATE_TOPIC_CONFIG });
  return specs;
}

/** Kafka's `retention.ms` for a `retention.topics` value: 0 (keep forever) is Kafka's -1. */
function topicRetentionMs(retentionMs: number): string {
  return retentionMs === 0 ? '-1' : String(retentionMs);
}

/** Two roles may name the same topic (results and late, say); it is created once, with the first role's shape. */
function uniqueByTopic(specs: readonly PipelineTopicSpec[]): PipelineTopicSpec[] {
  const seen = new Set<string>();
  return specs.filter((spec) => !seen.has(spec.topic) && seen.add(spec.topic));
}
