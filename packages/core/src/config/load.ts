import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error';
import { applyEnvironment } from './environment';
import { nameIssues, UNSAFE_NAME_MESSAGE, unsafeKeyPaths } from './name-rules';
import { pipelineSchema, type RawPipeline } from './schema';
import type { Measure, PipelineConfig, SourceDefinition, ViewDefinition, WindowSpec } from './types';
import { windowFromConfig, windowKindOf } from '../windows/window-kinds';

const DEFAULT_PERIOD_MS = 3_600_000;

export interface ParseOptions {
  /** Environment for overrides; pass `process.env` from the edge. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the text came from, for messages (a file path). */
  readonly origin?: string;
}

/**
 * Parses and validates a `sluice.yaml` text into a frozen pipeline definition.
 * Throws one ConfigError that lists every problem, each with its key path.
 */
export function parsePipeline(text: string, options: ParseOptions = {}): PipelineConfig {
  const origin = options.origin ?? 'sluice.yaml';
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => ({ path: '<yaml>', value: undefined, message: error.message.split('\n')[0] ?? error.message })),
      origin,
    );
  }
  return buildPipeline(document.toJS() as unknown, { ...options, origin });
}

/** Validates an already-parsed config object (from YAML, JSON or code). */
export function buildPipeline(raw: unknown, options: ParseOptions = {}): PipelineConfig {
  const input = applyEnvironment(raw, options.env ?? {});
  const unsafe = unsafeKeyPaths(input).map((path): ConfigIssue => ({ path: formatPath(path), value: undefined, message: UNSAFE_NAME_MESSAGE }));
  const result = pipelineSchema.safeParse(input);
  if (!result.success || unsafe.length > 0) {
    // The schema's own refusal of such a key (a source named constructor) says the same at the same path.
    const reported = new Set(unsafe.map((issue) => issue.path));
    const schemaIssues = result.success ? [] : toIssues(result.error, input).filter((issue) => !reported.has(issue.path));
    throw new ConfigError([...unsafe, ...schemaIssues], options.origin ?? 'config');
  }
  const config = normalize(result.data);
  // Name collisions need the derived names (default topics), so they are checked on the normalized config.
  const collisions = nameIssues(config);
  if (collisions.length > 0) throw new ConfigError(collisions, options.origin ?? 'config');
  return deepFreeze(config);
}

function normalize(raw: RawPipeline): PipelineConfig {
  const sources: Record<string, SourceDefinition> = {};
  for (const [name, source] of Object.entries(raw.sources)) {
    const { avroSchema, ...rest } = source;
    sources[name] = { name, ...rest, ...(avroSchema === undefined ? {} : { avroSchema }) };
  }
  const { kafka, schemaRegistry, clickhouse, aggregator, sink, compactor, ingest } = raw;
  return {
    name: raw.name,
    kafka: {
      brokers: kafka.brokers,
      clientId: kafka.clientId,
      topics: {
        results: kafka.topics.results ?? `${raw.name}.results`,
        late: kafka.topics.late ?? `${raw.name}.late`,
        deadLetter: kafka.topics.deadLetter ?? `${raw.name}.dlq`,
      },
    },
    ...(schemaRegistry === undefined ? {} : { schemaRegistry }),
    clickhouse: {
      url: clickhouse.url,
      database: clickhouse.database,
      ...(clickhouse.user === undefined ? {} : { user: clickhouse.user }),
      ...(clickhouse.password === undefined ? {} : { password: clickhouse.password }),
    },
    ingest: {
      host: ingest.host,
      port: ingest.port,
      maxBodyBytes: ingest.maxBodyBytes,
      maxInFlightEvents: ingest.maxInFlightEvents,
      lingerMs: ingest.linger,
      compression: ingest.compression,
    },
    dashboard: raw.dashboard,
    aggregator: {
      opsPort: aggregator.opsPort,
      updateIntervalMs: aggregator.updateInterval,
      maxOutOfOrdernessMs: aggregator.maxOutOfOrderness,
      idleTimeoutMs: aggregator.idleTimeout,
      commitIntervalMs: aggregator.commitInterval,
    },
    sink: { opsPort: sink.opsPort, batchRows: sink.batchRows, flushIntervalMs: sink.flushInterval },
    compactor: {
      opsPort: compactor.opsPort,
      batchEvents: compactor.batchEvents,
      flushIntervalMs: compactor.flushInterval,
      cycleIntervalMs: compactor.cycleInterval,
      rawTtlDays: compactor.rawTtlDays,
    },
    sources,
    views: raw.views.map(normalizeView),
  };
}

function normalizeView(view: RawPipeline['views'][number]): ViewDefinition {
  const window = windowFromConfig(view.window);
  const where = Object.fromEntries(Object.entries(view.where).map(([field, value]) => [field, Array.isArray(value) ? value : [value]]));
  const measures: Measure[] = Object.entries(view.measures).map(([name, spec]) => ({ name, ...spec }));
  return {
    name: view.name,
    source: view.source,
    where,
    window,
    latenessMs: view.lateness,
    groupBy: view.groupBy,
    measures,
    periodMs: view.period ?? defaultPeriod(window),
    maxGroupsPerWindow: view.maxGroupsPerWindow,
  };
}

/** One hour, rounded up to a whole number of window steps so periods never cut a fixed window. */
function defaultPeriod(window: WindowSpec): number {
  const step = windowKindOf(window).gridStepMs(window);
  return step === undefined ? DEFAULT_PERIOD_MS : Math.ceil(DEFAULT_PERIOD_MS / step) * step;
}

function toIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        value: valueAt(input, [...issue.path, key]),
        message: 'is not a known key',
      }));
    }
    const value = valueAt(input, issue.path);
    const message = value === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return [{ path: formatPath(issue.path), value, message }];
  });
}

/** `['views', 0, 'window', 'size']` -> `views[0].window.size`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
