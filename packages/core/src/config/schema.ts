import { z } from 'zod';
import { parseDuration } from '../time/duration';
import { dashboardAuthSchema } from './dashboard-users';
import { apiKeySchema, checkIngestAccess } from './ingest-access';
import { parseMeasureExpression } from './measure-expression';
import { FIELD_TYPES } from './types';
import { checkSources, checkViews } from './view-rules';

import { IDENTIFIER } from './view-rules';
import { isSafeName, UNSAFE_NAME_MESSAGE } from './name-rules';

const identifier = z
  .string({ error: 'must be a string' })
  .regex(IDENTIFIER, { error: 'must be an identifier: a letter or _, then letters, digits or _' })
  .refine(isSafeName, { error: UNSAFE_NAME_MESSAGE });

const duration = z
  .union([z.string(), z.number()], { error: 'must be a duration such as 500ms, 30s, 1m, 2h or 1d' })
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a non-negative duration such as 500ms, 30s, 1m, 2h or 1d' });
      return z.NEVER;
    }
    return ms;
  });

const positiveDuration = duration.refine((ms) => ms > 0, { error: 'must be longer than zero' });
/** A retention: how long something is kept; 0 keeps it forever. */
const keepFor = duration;
const port = z.number({ error: 'must be a port number' }).int().min(0).max(65_535, { error: 'must be at most 65535' });
const positiveInt = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).positive({ error: 'must be at least 1' });

/** `ingest.http` and `dashboard.http`: one schema, so both have the same documented defaults. */
export const httpLimitsSchema = z
  .strictObject({
    requestTimeout: positiveDuration.default(30_000),
    headersTimeout: positiveDuration.default(10_000),
    keepAliveTimeout: positiveDuration.default(65_000),
    maxHeadersCount: positiveInt.default(100),
    maxHeaderBytes: positiveInt.default(16_384),
    maxConnections: positiveInt.default(1_000),
  })
  // node:http refuses a headers timeout longer than the request timeout.
  .refine((limits) => limits.headersTimeout <= limits.requestTimeout, { error: 'headersTimeout must not be longer than requestTimeout', path: ['headersTimeout'] })
  .prefault({});

const secret = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });
const filePath = z.string({ error: 'must be a file path' }).min(1, { error: 'must not be empty' });

/** `password` or `passwordFile`, never both (an environment variable lands on `password`, see environment.ts). */
const onePasswordSource = (section: { password?: string | undefined; passwordFile?: string | undefined }, ctx: z.RefinementCtx) => {
  if (section.password !== undefined && section.passwordFile !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['passwordFile'], message: 'set password or passwordFile, not both' });
  }
};

const kafkaTlsSchema = z.union(
  [
    z.literal(true).transform(() => ({ rejectUnauthorized: true })),
    z.strictObject({
      caFile: filePath.optional(),
      certFile: filePath.optional(),
      keyFile: filePath.optional(),
      rejectUnauthorized: z.boolean({ error: 'must be true or false' }).default(true),
    }),
  ],
  { error: 'must be true or { caFile, certFile, keyFile, rejectUnauthorized }' },
);

const kafkaSaslSchema = z
  .strictObject({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512'], { error: 'must be plain, scram-sha-256 or scram-sha-512' }),
    username: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
    password: secret.optional(),
    passwordFile: filePath.optional(),
  })
  .superRefine((sasl, ctx) => {
    onePasswordSource(sasl, ctx);
    if (sasl.password === undefined && sasl.passwordFile === undefined) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'is required (or passwordFile, or SLUICE_KAFKA_SASL_PASSWORD)' });
    }
  });

const schemaRegistrySchema = z
  .strictObject({
    url: z.url({ error: 'must be an http(s) URL' }),
    username: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional(),
    password: secret.optional(),
    passwordFile: filePath.optional(),
    caFile: filePath.optional(),
  })
  .superRefine((registry, ctx) => {
    onePasswordSource(registry, ctx);
    if (registry.username === undefined && (registry.password ?? registry.passwordFile) !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'is required with a password' });
    }
  });

/** The user the readers (dashboard, `sluice query`) log in as, when it is not the writers' one. */
const clickhouseReaderSchema = z
  .strictObject({
    user: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
    password: secret.optional(),
    passwordFile: filePath.optional(),
  })
  .superRefine(onePasswordSource);

const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' });

const windowSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('tumbling'), size: positiveDuration }),
    z.strictObject({ type: z.literal('hopping'), size: positiveDuration, hop: positiveDuration }),
    z.strictObject({ type: z.literal('session'), gap: positiveDuration }),
  ],
  { error: 'type must be one of tumbling, hopping, session' },
);

const measureSchema = z.string({ error: 'must be a measure expression such as count or sum(amount)' }).transform((text, ctx) => {
  const parsed = parseMeasureExpression(text);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});

const sourceSchema = z.strictObject({
  topic: z.string().min(1, { error: 'must not be empty' }),
  format: z.enum(['json', 'avro'], { error: 'must be json or avro' }).default('json'),
  key: identifier,
  timestamp: identifier,
  id: identifier.default('event_id'),
  partitions: positiveInt.default(6),
  replicationFactor: positiveInt.default(1),
  fields: z.record(identifier, z.enum(FIELD_TYPES, { error: `must be one of ${FIELD_TYPES.join(', ')}` })).default({}),
  avroSchema: z.record(z.string(), z.unknown()).optional(),
  eventTime: z
    // maxPast is large so that replayed and backfilled history stays readable, yet finite so that a source that sets nothing is protected.
    .strictObject({ maxFuture: duration.default(300_000), maxPast: duration.default(315_360_000_000) })
    .prefault({}),
});

const viewSchema = z.strictObject({
  name: identifier,
  source: identifier,
  where: z.record(identifier, z.union([scalar, z.array(scalar).min(1)])).default({}),
  window: windowSchema,
  lateness: duration.default(0),
  groupBy: z.array(identifier).default([]),
  measures: z.record(z.string(), measureSchema).refine((m) => Object.keys(m).length > 0, { error: 'needs at least one measure' }),
  period: positiveDuration.optional(),
  maxGroupsPerWindow: positiveInt.default(100_000),
});

const DAY_MS = 86_400_000;

/**
 * `retention`: how long everything Sluice writes is kept. 0 keeps forever
 * where the field says so; raw events are the master dataset the batch layer
 * recomputes from, so a raw retention shorter than a day is refused.
 */
const retentionSchema = z
  .strictObject({
    raw: keepFor.refine((ms) => ms === 0 || ms >= DAY_MS, { error: 'must be 0 (keep forever) or at least 1d: the batch layer recomputes periods from the raw events' }).optional(),
    speedAfterFinal: duration.default(3_600_000),
    batchGenerations: duration.default(0),
    reconcile: keepFor.default(30 * DAY_MS),
    topics: z
      .strictObject({
        results: keepFor.default(7 * DAY_MS),
        late: keepFor.default(7 * DAY_MS),
        deadLetter: keepFor.default(30 * DAY_MS),
      })
      .prefault({}),
  })
  .prefault({});

/**
 * The raw shape of `sluice.yaml`, with defaults applied. Every static default
 * is written here once, on its field (and documented with `@default` in
 * types.ts); a missing section prefaults to `{}`, so its fields' defaults
 * apply. Defaults derived from other keys (topic names from `name`, a view's
 * period from its window) are filled in by load.ts.
 */
export const pipelineSchema = z
  .strictObject({
    name: identifier.default('sluice'),
    kafka: z
      .strictObject({
        brokers: z.array(z.string().min(1)).min(1, { error: 'needs at least one broker, as host:port' }).default(['127.0.0.1:9092']),
        clientId: z.string().default('sluice'),
        ssl: kafkaTlsSchema.optional(),
        sasl: kafkaSaslSchema.optional(),
        topics: z
          .strictObject({ results: z.string().optional(), late: z.string().optional(), deadLetter: z.string().optional(), state: z.string().optional() })
          .prefault({}),
      })
      .prefault({}),
    schemaRegistry: schemaRegistrySchema.optional(),
    clickhouse: z
      .strictObject({
        url: z
          .string()
          .regex(/^(embedded:.+|https?:\/\/.+)$/, { error: 'must be embedded:PATH, embedded:memory or an http(s) URL' })
          .default('embedded:./.sluice/clickhouse'),
        database: identifier.default('sluice'),
        user: z.string().optional(),
        password: z.string().optional(),
        passwordFile: filePath.optional(),
        caFile: filePath.optional(),
        certFile: filePath.optional(),
        keyFile: filePath.optional(),
        reader: clickhouseReaderSchema.optional(),
        serve: z
          .strictObject({
            allowedHosts: z.array(z.string().min(1)).default([]),
            maxExecutionTime: positiveDuration.default(300_000),
            maxMemoryBytes: positiveInt.default(4_294_967_296),
            maxResultRows: positiveInt.default(10_000_000),
            maxResultBytes: positiveInt.default(1_073_741_824),
          })
          .prefault({}),
      })
      .superRefine((clickhouse, ctx) => {
        onePasswordSource(clickhouse, ctx);
        if ((clickhouse.certFile === undefined) !== (clickhouse.keyFile === undefined)) {
          ctx.addIssue({ code: 'custom', path: [clickhouse.certFile === undefined ? 'certFile' : 'keyFile'], message: 'certFile and keyFile go together: a client certificate needs its key' });
        }
      })
      .prefault({}),
    ingest: z
      .strictObject({
        host: z.string().default('127.0.0.1'),
        port: port.default(8080),
        maxBodyBytes: positiveInt.default(1_048_576),
        maxInFlightEvents: positiveInt.default(50_000),
        maxEventsPerRequest: positiveInt.default(10_000),
        maxEventBytes: positiveInt.default(65_536),
        maxGroupValueLength: positiveInt.default(1_024),
        linger: duration.default(5),
        compression: z.enum(['none', 'gzip']).default('gzip'),
        http: httpLimitsSchema,
        opsPort: port.default(9100),
        apiKeys: z.array(apiKeySchema).default([]),
        apiKeysFile: z.string().min(1, { error: 'must be a file path' }).optional(),
        allowUnauthenticated: z.boolean({ error: 'must be true or false' }).default(false),
        tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
      })
      .prefault({}),
    dashboard: z
      .strictObject({ host: z.string().default('127.0.0.1'), port: port.default(8088), http: httpLimitsSchema, auth: dashboardAuthSchema.optional() })
      .prefault({}),
    aggregator: z
      .strictObject({
        opsPort: port.default(9101),
        updateInterval: positiveDuration.default(2_000),
        maxOutOfOrderness: duration.default(5_000),
        idleTimeout: positiveDuration.default(30_000),
        commitInterval: positiveDuration.default(5_000),
        checkpoints: z.boolean().default(true),
      })
      .prefault({}),
    sink: z
      .strictObject({ opsPort: port.default(9102), batchRows: positiveInt.default(10_000), flushInterval: positiveDuration.default(500) })
      .prefault({}),
    compactor: z
      .strictObject({
        opsPort: port.default(9103),
        batchEvents: positiveInt.default(50_000),
        flushInterval: positiveDuration.default(2_000),
        cycleInterval: positiveDuration.default(10_000),
        /** Deprecated alias of `retention.raw`, in days; see retention-settings.ts. */
        rawTtlDays: z.number({ error: 'must be a number of days' }).int({ error: 'must be a whole number of days' }).min(0, { error: 'must be 0 (keep forever) or more days' }).optional(),
      })
      .prefault({}),
    retention: retentionSchema,
    sources: z.record(identifier, sourceSchema).refine((s) => Object.keys(s).length > 0, { error: 'needs at least one source' }),
    views: z.array(viewSchema).default([]),
  })
  // Cross-field rules run even when other parts failed, so that one report lists every problem.
  .superRefine(
    (config, ctx) => {
      checkSources(config, ctx);
      checkViews(config, ctx);
      checkIngestAccess(config, ctx);
    },
    { when: () => true },
  );

export type RawPipeline = z.output<typeof pipelineSchema>;
