import { sourceObjects, viewObjects } from '../contracts/clickhouse-objects';
import type { ConfigIssue } from '../errors/config-error';
import type { PipelineConfig } from './types';

/**
 * Names that, used as an object key (sources, fields, measures and groups all
 * become keys), reach the object's prototype instead of an entry of its own.
 */
export const UNSAFE_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** True unless `name` is one of UNSAFE_NAMES. */
export function isSafeName(name: string): boolean {
  return !UNSAFE_NAMES.includes(name);
}

/** The message for a name refused by isSafeName. */
export const UNSAFE_NAME_MESSAGE = `must not be ${UNSAFE_NAMES.join(', ')}: names become object keys, where these reach the prototype`;

/**
 * The path of every key of `input`, at any depth, that is one of
 * UNSAFE_NAMES. Checked on the input as written, because schema parsing
 * drops a `__proto__` key without a word.
 */
export function unsafeKeyPaths(input: unknown, path: readonly PropertyKey[] = []): PropertyKey[][] {
  if (typeof input !== 'object' || input === null) return [];
  if (Array.isArray(input)) return input.flatMap((item, index) => unsafeKeyPaths(item, [...path, index]));
  return Object.entries(input).flatMap(([key, value]) => (isSafeName(key) ? [] : [[...path, key]]).concat(unsafeKeyPaths(value, [...path, key])));
}

/**
 * The rules on names that only a complete config can check: no two sources or
 * views generate the same ClickHouse object, and no two topics are one topic
 * to Kafka. Both would destroy or mix data: `CREATE OR REPLACE VIEW` drops a
 * table of the view's name, and two sources on one topic read each other's events.
 */
export function nameIssues(config: PipelineConfig): ConfigIssue[] {
  return [...clickHouseObjectIssues(config), ...topicIssues(config)];
}

interface Owned {
  /** Key path of the name that generates it, and that name as written. */
  readonly path: string;
  readonly written: string;
  /** The generated name. */
  readonly name: string;
  /** What generates it, e.g. `view pages` or `source events`. */
  readonly owner: string;
}

/**
 * ClickHouse names are case-sensitive, but a database on a case-insensitive
 * file system (macOS, Windows) keeps a table's metadata in a file of its
 * name, so names equal after lowercasing are refused as well.
 */
function clickHouseObjectIssues(config: PipelineConfig): ConfigIssue[] {
  const objects: Owned[] = [
    ...Object.keys(config.sources).flatMap((source) => Object.values(sourceObjects(source)).map((name) => ({ path: `sources.${source}`, written: source, name, owner: `source ${source}` }))),
    ...config.views.flatMap((view, index) => Object.values(viewObjects(view.name)).map((name) => ({ path: `views[${index}].name`, written: view.name, name, owner: `view ${view.name}` }))),
  ];
  return collisions(objects, (name) => name.toLowerCase(), (object, earlier) => {
    // Two views of exactly one name are reported by the view rules already.
    if (object.owner === earlier.owner) return undefined;
    return `generates the ClickHouse object ${object.name}, which is also ${earlier.name} of ${earlier.owner} (names that differ only in case are one table on some file systems); rename one of them`;
  });
}

interface TopicUse extends Owned {
  readonly role: 'source' | 'results' | 'late' | 'deadLetter';
}

/**
 * Kafka refuses a topic whose name equals another's once `.` is read as `_`
 * (their metric names would collide); lowercasing guards the log directories
 * on a case-insensitive file system. One topic for two roles is allowed only
 * for the topics Sluice writes: a source topic must hold source events only,
 * and dead letters in the results topic would come back to the sink.
 */
function topicIssues(config: PipelineConfig): ConfigIssue[] {
  const { results, late, deadLetter } = config.kafka.topics;
  const uses: TopicUse[] = [
    ...Object.values(config.sources).map((source): TopicUse => ({ path: `sources.${source.name}.topic`, written: source.topic, name: source.topic, owner: `sources.${source.name}`, role: 'source' })),
    { path: 'kafka.topics.results', written: results, name: results, owner: 'the results topic', role: 'results' },
    { path: 'kafka.topics.late', written: late, name: late, owner: 'the late topic', role: 'late' },
    { path: 'kafka.topics.deadLetter', written: deadLetter, name: deadLetter, owner: 'the dead-letter topic', role: 'deadLetter' },
  ];
  return collisions(uses, (name) => name.replace(/\./g, '_').toLowerCase(), (use, earlier) => {
    if (use.name !== earlier.name) return `is ${use.name}, which Kafka cannot hold beside ${earlier.name} of ${earlier.owner} (with . read as _ and case ignored they are one name); rename one of them`;
    const roles = new Set([use.role, earlier.role]);
    if (roles.has('source')) return `is ${use.name}, also the topic of ${earlier.owner}; each source needs a topic of its own, apart from the other sources and the results, late and dead-letter topics`;
    if (roles.has('results') && roles.has('deadLetter')) return `is ${use.name}, also the results topic; dead letters there would go back to the sink, so give each its own topic`;
    return undefined;
  });
}

/** One issue per name that `normalize` maps onto an earlier one, at the later one's path, when `describe` finds it a problem. */
function collisions<T extends Owned>(items: readonly T[], normalize: (name: string) => string, describe: (item: T, earlier: T) => string | undefined): ConfigIssue[] {
  const first = new Map<string, T>();
  const reported = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const item of items) {
    const key = normalize(item.name);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, item);
      continue;
    }
    const message = describe(item, earlier);
    // One issue per pair of owners: two views of names equal in case collide in every object they generate.
    const pair = `${item.path}\u0000${earlier.path}`;
    if (message === undefined || reported.has(pair)) continue;
    reported.add(pair);
    issues.push({ path: item.path, value: item.written, message });
  }
  return issues;
}
