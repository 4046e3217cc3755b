import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error';
import { applyEnvironment } from './environment';
import { normalizeHttpLimits } from './http-limits';
import { normalizeApiKey } from './ingest-access';
import { normalizeRetention } from './retention-settings';
import { nameIssues, UNSAFE_NAME_MESSAGE, unsafeKeyPaths } from './name-rules';
import { pipelineSchema, type RawPipeline } from './schema';
import { resolveSecret, SecretFileError, type SecretFileReader } from './secret';
import { isSecretKey, REDACTED, redactValue } from '../log/redact';
import type { Measure, PipelineConfig, SourceDefinition, ViewDefinition, WindowSpec } from './types';
import { windowFromConfig, windowKindOf } from '../windows/window-kinds';
import { storableEventTimes } from '../contracts/event-time-range';

const DEFAULT_PERIOD_MS = 3_600_000;

export interface ParseOptions {
  /** Environment for overrides; pass `process.env` from the edge. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the text came from, for messages (a file path). */
  readonly origin?: string;
  /** Reads the files `passwordFile` keys name; pass one from the edge (core does no I/O). */
  readonly readSecretFile?: SecretFileReader;
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
  const secrets = resolveSecrets(result.data, options.readSecretFile);
  if ('issues' in secrets) throw new ConfigError(secrets.issues, options.origin ?? 'config');
  const config = normalize(result.data, secrets);
  // Name collisions need the derived names (default topics), so they are checked on the normalized config.
  const collisions = nameIssues(config);
  if (collisions.length > 0) throw new ConfigError(collisions, options.origin ?? 'config');
  return deepFreeze(config);
}

interface ResolvedSecrets {
  readonly kafkaSaslPassword?: string | undefined;
  readonly schemaRegistryPassword?: string | undefined;
  readonly clickhousePassword?: string | undefined;
  readonly clickhouseReaderPassword?: string | undefined;
}

/** Every `password | passwordFile` pair, resolved to the password; an unreadable file is an issue at its key. */
function resolveSecrets(raw: RawPipeline, read: SecretFileReader | undefined): ResolvedSecrets | { issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const resolve = (path: string, value: string | undefined, file: string | undefined): string | undefined => {
    try {
      return resolveSecret({ value, file }, read);
    } catch (error) {
      if (!(error instanceof SecretFileError)) throw error;
      issues.push({ path: `${path}File`, value: file, message: error.message });
      return undefined;
    }
  };
  const { sasl } = raw.kafka;
  const registry = raw.schemaRegistry;
  const { clickhouse } = raw;
  const resolved = {
    clickhousePassword: resolve('clickhouse.password', clickhouse.password, clickhouse.passwordFile),
    clickhouseReaderPassword: clickhouse.reader && resolve('clickhouse.reader.password', clickhouse.reader.password, clickhouse.reader.passwordFile),
    kafkaSaslPassword: sasl && resolve('kafka.sasl.password', sasl.password, sasl.passwordFile),
    schemaRegistryPassword: registry && resolve('schemaRegistry.password', registry.password, registry.passwordFile),
  };
  return issues.length > 0 ? { issues } : resolved;
}

function normalize(raw: RawPipeline, secrets: ResolvedSecrets): PipelineConfig {
  const sources: Record<string, SourceDefinition> = {};
  for (const [name, source] of Object.entries(raw.sources)) {
    const { avroSchema, eventTime, ...rest } = source;
    const windows = raw.views.filter((view) => view.source === name).map((view) => windowFromConfig(view.window));
    sources[name] = {
      name,
      ...rest,
      ...(avroSchema === undefined ? {} : { avroSchema }),
      eventTime: { maxFutureMs: eventTime.maxFuture, maxPastMs: eventTime.maxPast, ...storableEventTimes(windows) },
    };
  }
  const { kafka, schemaRegistry, clickhouse, aggregator, sink, compactor, ingest } = raw;
  const { retention, warnings } = normalizeRetention(raw);
  return {
    name: raw.name,
    kafka: {
      brokers: kafka.brokers,
      clientId: kafka.clientId,
      ...(kafka.ssl === undefined ? {} : { ssl: definedOnly(kafka.ssl) }),
      ...(kafka.sasl === undefined
        ? {}
        : { sasl: { mechanism: kafka.sasl.mechanism, username: kafka.sasl.username, password: secrets.kafkaSaslPassword ?? '' } }),
      topics: {
        results: kafka.topics.results ?? `${raw.name}.results`,
        late: kafka.topics.late ?? `${raw.name}.late`,
        deadLetter: kafka.topics.deadLetter ?? `${raw.name}.dlq`,
        state: kafka.topics.state ?? `${raw.name}.aggregator-state`,
      },
    },
    ...(schemaRegistry === undefined
      ? {}
      : {
          schemaRegistry: {
            url: schemaRegistry.url,
            ...(schemaRegistry.username === undefined ? {} : { username: schemaRegistry.username }),
            ...(secrets.schemaRegistryPassword === undefined ? {} : { password: secrets.schemaRegistryPassword }),
            ...(schemaRegistry.caFile === undefined ? {} : { caFile: schemaRegistry.caFile }),
          },
        }),
    clickhouse: {
      url: clickhouse.url,
      database: clickhouse.database,
      ...(clickhouse.user === undefined ? {} : { user: clickhouse.user }),
      ...(secrets.clickhousePassword === undefined ? {} : { password: secrets.clickhousePassword }),
      ...(clickhouse.caFile === undefined ? {} : { caFile: clickhouse.caFile }),
      ...(clickhouse.certFile === undefined ? {} : { certFile: clickhouse.certFile }),
      ...(clickhouse.keyFile === undefined ? {} : { keyFile: clickhouse.keyFile }),
      ...(clickhouse.reader === undefined
        ? {}
        : {
            reader: {
              user: clickhouse.reader.user,
              ...(secrets.clickhouseReaderPassword === undefined ? {} : { password: secrets.clickhouseReaderPassword }),
            },
          }),
      serve: {
        allowedHosts: clickhouse.serve.allowedHosts,
        maxExecutionTimeMs: clickhouse.serve.maxExecutionTime,
        maxMemoryBytes: clickhouse.serve.maxMemoryBytes,
        maxResultRows: clickhouse.serve.maxResultRows,
        maxResultBytes: clickhouse.serve.maxResultBytes,
      },
    },
    ingest: {
      host: ingest.host,
      port: ingest.port,
      maxBodyBytes: ingest.maxBodyBytes,
      maxInFlightEvents: ingest.maxInFlightEvents,
      maxEventsPerRequest: ingest.maxEventsPerRequest,
      maxEventBytes: ingest.maxEventBytes,
      maxGroupValueLength: ingest.maxGroupValueLength,
      lingerMs: ingest.linger,
      compression: ingest.compression,
      http: normalizeHttpLimits(ingest.http),
      opsPort: ingest.opsPort,
      apiKeys: ingest.apiKeys.map(normalizeApiKey),
      ...(ingest.apiKeysFile === undefined ? {} : { apiKeysFile: ingest.apiKeysFile }),
      allowUnauthenticated: ingest.allowUnauthenticated,
      ...(ingest.tls === undefined ? {} : { tls: ingest.tls }),
    },
    dashboard: {
      host: raw.dashboard.host,
      port: raw.dashboard.port,
      http: normalizeHttpLimits(raw.dashboard.http),
      ...(raw.dashboard.auth === undefined
        ? {}
        : { auth: { users: raw.dashboard.auth.users.map(({ name, sha256, scrypt }) => ({ name, ...(sha256 === undefined ? {} : { sha256 }), ...(scrypt === undefined ? {} : { scrypt }) })) } }),
    },
    aggregator: {
      opsPort: aggregator.opsPort,
      updateIntervalMs: aggregator.updateInterval,
      maxOutOfOrdernessMs: aggregator.maxOutOfOrderness,
      idleTimeoutMs: aggregator.idleTimeout,
      commitIntervalMs: aggregator.commitInterval,
      checkpoints: aggregator.checkpoints,
    },
    sink: { opsPort: sink.opsPort, batchRows: sink.batchRows, flushIntervalMs: sink.flushInterval },
    compactor: {
      opsPort: compactor.opsPort,
      batchEvents: compactor.batchEvents,
      flushIntervalMs: compactor.flushInterval,
      cycleIntervalMs: compactor.cycleInterval,
    },
    retention,
    warnings,
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
        value: shownValue([...issue.path, key], valueAt(input, [...issue.path, key])),
        message: 'is not a known key',
      }));
    }
    const value = valueAt(input, issue.path);
    const message = value === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return [{ path: formatPath(issue.path), value: shownValue(issue.path, value), message }];
  });
}

/** A value as an issue may show it: never a secret, whether it sits under a secret key or inside a block. */
function shownValue(path: readonly PropertyKey[], value: unknown): unknown {
  const key = path[path.length - 1];
  if (value !== undefined && typeof key === 'string' && isSecretKey(key)) return REDACTED;
  return redactValue(value);
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

/** Zod writes absent optional keys as `undefined`; the config types have them absent. */
function definedOnly<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, child]) => child !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
