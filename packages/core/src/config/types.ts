/** A value a `where` filter can compare an event field with. */
export type Scalar = string | number | boolean;

/** Event-time window shapes, half-open `[start, end)` in UTC. */
export type WindowSpec =
  | { readonly type: 'tumbling'; readonly sizeMs: number }
  | { readonly type: 'hopping'; readonly sizeMs: number; readonly hopMs: number }
  | { readonly type: 'session'; readonly gapMs: number };

export type WindowType = WindowSpec['type'];

/** What one measure computes; `field` names an event field. */
export type MeasureSpec =
  | { readonly kind: 'count' }
  | { readonly kind: 'sum' | 'min' | 'max' | 'avg' | 'uniq'; readonly field: string }
  | { readonly kind: 'quantile'; readonly field: string; readonly q: number };

export type MeasureKind = MeasureSpec['kind'];

/** A named measure of a view: the column it becomes and what it computes. */
export type Measure = MeasureSpec & { readonly name: string };

export const FIELD_TYPES = ['string', 'number', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * One source topic of events. Defaults (`@default`) are applied by the config
 * schema (schema.ts), the one place they are written.
 */
export interface SourceDefinition {
  /** The key of its `sources` entry. */
  readonly name: string;
  readonly topic: string;
  /** @default 'json' */
  readonly format: 'json' | 'avro';
  /** Field whose value keys the Kafka record, and so picks the partition. */
  readonly key: string;
  /** Field holding the event time: epoch ms or ISO-8601. */
  readonly timestamp: string;
  /**
   * Field holding the event id; ingest fills it with a UUIDv7 when absent.
   * @default 'event_id'
   */
  readonly id: string;
  /** Partitions of the topic when Sluice creates it. @default 6 */
  readonly partitions: number;
  /** Replication factor of the topic when Sluice creates it. @default 1 */
  readonly replicationFactor: number;
  /** Declared field types; fields nobody declared are still kept. @default {} */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Avro record schema (format avro): registered under `<topic>-value`. */
  readonly avroSchema?: Readonly<Record<string, unknown>>;
  /** Which event times the source accepts (`eventTime`); a record outside them is refused (docs/event-time.md). */
  readonly eventTime: EventTimeBounds;
}

/**
 * How far an event time may stray from its reference: the Kafka record's
 * timestamp (which ingest sets to the arrival time), never the reading
 * process's clock, so a replay decides as the first read did.
 */
export interface EventTimeBounds {
  /** How far past the reference an event time may be (`maxFuture`, 5m). @default 300000 */
  readonly maxFutureMs: number;
  /** How far before the reference an event time may be (`maxPast`, 3650d). @default 315360000000 */
  readonly maxPastMs: number;
  /** The earliest event time every layer can store: the epoch, plus how far before an event the source's views' windows may start. */
  readonly earliestMs: number;
  /** The latest event time every layer can store: 2200-01-01 less the farthest reach of the source's views' windows past an event. */
  readonly latestMs: number;
}

export interface ViewDefinition {
  readonly name: string;
  readonly source: string;
  /** Every listed field must equal one of its values; empty means all events. @default {} */
  readonly where: Readonly<Record<string, readonly Scalar[]>>;
  readonly window: WindowSpec;
  /** How long after its end a window still accepts events (`lateness`). @default 0 */
  readonly latenessMs: number;
  /** @default [] */
  readonly groupBy: readonly string[];
  readonly measures: readonly Measure[];
  /**
   * Length of the periods the batch layer recomputes and makes final (`period`).
   * @default one hour, rounded up to a whole number of window steps (size, or hop) so periods never cut a fixed window; one hour for sessions
   */
  readonly periodMs: number;
  /**
   * Groups one window may hold in the speed layer, counted per source
   * partition (state is per partition); past it, new groups of that window
   * fold into one overflow group whose group values are all OVERFLOW_GROUP_VALUE.
   * For session views it bounds the groups with open sessions. @default 100000
   */
  readonly maxGroupsPerWindow: number;
}

/** TLS to the brokers (`kafka.ssl`); `true` means TLS with the system's trusted CAs. */
export interface KafkaTlsSettings {
  /** PEM file of the CA(s) the broker certificates are checked against, instead of the system's. */
  readonly caFile?: string;
  /** PEM client certificate, for brokers that authenticate clients by certificate (mTLS). */
  readonly certFile?: string;
  /** PEM private key of `certFile`. */
  readonly keyFile?: string;
  /** Refuse brokers whose certificate does not verify. @default true */
  readonly rejectUnauthorized: boolean;
}

/** SASL login to the brokers (`kafka.sasl`). */
export interface KafkaSaslSettings {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  /** From `password`, the file `passwordFile` names, or SLUICE_KAFKA_SASL_PASSWORD. */
  readonly password: string;
}

export interface KafkaSettings {
  /** @default ['127.0.0.1:9092'] */
  readonly brokers: readonly string[];
  /** @default 'sluice' */
  readonly clientId: string;
  /** TLS to the brokers; absent means plaintext. */
  readonly ssl?: KafkaTlsSettings;
  /** SASL login; absent means none. */
  readonly sasl?: KafkaSaslSettings;
  readonly topics: {
    /** Window results, from the aggregator to the sink. @default `<name>.results` */
    readonly results: string;
    /** Copies of events too late for a view. @default `<name>.late` */
    readonly late: string;
    /** Records no layer can read, with the reason in headers. @default `<name>.dlq` */
    readonly deadLetter: string;
    /** The aggregator's open-window state, compacted, read back on restore (see `aggregator.checkpoints`). @default `<name>.aggregator-state` */
    readonly state: string;
  };
}

/** The schema registry of Avro sources (`schemaRegistry`). */
export interface SchemaRegistrySettings {
  readonly url: string;
  /** Basic auth user. */
  readonly username?: string;
  /** From `password`, the file `passwordFile` names, or SLUICE_SCHEMA_REGISTRY_PASSWORD. */
  readonly password?: string;
  /** PEM file of the CA(s) an https registry's certificate is checked against. */
  readonly caFile?: string;
}

export interface ClickHouseSettings {
  /** `embedded:PATH`, `embedded:memory`, or `http(s)://host:port`. @default 'embedded:./.sluice/clickhouse' */
  readonly url: string;
  /** @default 'sluice' */
  readonly database: string;
  /** The user the writers (sink, compactor, ...) log in as; the readers too unless `reader` is set. */
  readonly user?: string;
  /** From `password`, the file `passwordFile` names, or SLUICE_CLICKHOUSE_PASSWORD. */
  readonly password?: string;
  /** PEM file of the CA(s) an https server's certificate is checked against, instead of the system's. */
  readonly caFile?: string;
  /** PEM client certificate, for servers that authenticate clients by certificate (with `keyFile`). */
  readonly certFile?: string;
  /** PEM private key of `certFile`. */
  readonly keyFile?: string;
  /** The user the readers (dashboard, `sluice query`) log in as; absent means the writers' user. */
  readonly reader?: ClickHouseReaderSettings;
  /** What the served embedded ClickHouse (`sluice up`, `sluice clickhouse serve`) allows its HTTP callers. */
  readonly serve: ClickHouseServeSettings;
}

/** A read-only ClickHouse login (`clickhouse.reader`), such as the role `sluice clickhouse grants` prints. */
export interface ClickHouseReaderSettings {
  readonly user: string;
  /** From `password`, the file `passwordFile` names, or SLUICE_CLICKHOUSE_READER_PASSWORD. */
  readonly password?: string;
}

/** Guards of the served embedded ClickHouse, applied by the engine to every HTTP caller; callers cannot raise them. */
export interface ClickHouseServeSettings {
  /** `Host` names accepted besides localhost, 127.0.0.1 and [::1] (a name the endpoint is reached by). @default [] */
  readonly allowedHosts: readonly string[];
  /** Longest a statement may run (`max_execution_time`), in ms. @default 300000 */
  readonly maxExecutionTimeMs: number;
  /** Most memory one statement may use (`max_memory_usage`). @default 4294967296 */
  readonly maxMemoryBytes: number;
  /** Most rows one answer may hold (`max_result_rows`). @default 10000000 */
  readonly maxResultRows: number;
  /** Most bytes one answer may hold (`max_result_bytes`). @default 1073741824 */
  readonly maxResultBytes: number;
}

/**
 * What one HTTP server Sluice runs allows a client, so slow or many clients
 * cannot hold it: `ingest.http` and `dashboard.http` configure theirs; the
 * workers' ops servers and the served embedded ClickHouse use these defaults.
 */
export interface HttpServerLimits {
  /** Time to receive one whole request, headers and body (`requestTimeout`); past it, 408. @default 30000 */
  readonly requestTimeoutMs: number;
  /** Time to receive a request's headers from its first byte, or from connecting (`headersTimeout`); past it, 408. @default 10000 */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open (`keepAliveTimeout`). @default 65000 */
  readonly keepAliveTimeoutMs: number;
  /** Headers of one request that are read; the rest are dropped. @default 100 */
  readonly maxHeadersCount: number;
  /** Bytes of one request's headers; past it, 431. @default 16384 */
  readonly maxHeaderBytes: number;
  /** Connections open at once; one past it is closed as soon as it is accepted. @default 1000 */
  readonly maxConnections: number;
}

export interface IngestSettings {
  /** @default '127.0.0.1' */
  readonly host: string;
  /** @default 8080 */
  readonly port: number;
  /** @default 1048576 */
  readonly maxBodyBytes: number;
  /** Events accepted but not yet acknowledged by Kafka; past this, 503. @default 50000 */
  readonly maxInFlightEvents: number;
  /** Events in one request; past this, 413 before the rest of the body is parsed. @default 10000 */
  readonly maxEventsPerRequest: number;
  /** Bytes of one event's JSON text; a larger event is refused (413 `event_too_large` when it is the only one). @default 65536 */
  readonly maxEventBytes: number;
  /** Characters of a value in a field some view groups by; a longer one refuses its event (`group_value_too_long`). @default 1024 */
  readonly maxGroupValueLength: number;
  /** How long the producer waits to fill a batch (`linger`). @default 5 */
  readonly lingerMs: number;
  /** @default 'gzip' */
  readonly compression: 'none' | 'gzip';
  /** Timeouts and connection cap of the ingest server. */
  readonly http: HttpServerLimits;
  /** Where `/healthz`, `/readyz` and `/metrics` are served (on loopback), apart from the public listener. @default 9100 */
  readonly opsPort: number;
  /** Keys accepted as `Authorization: Bearer <key>`, stored as their SHA-256 (`sluice ingest hash-key`). @default [] */
  readonly apiKeys: readonly IngestApiKey[];
  /** A YAML or JSON file with more keys in the form of `apiKeys`, read when ingest starts. */
  readonly apiKeysFile?: string;
  /** Serve without API keys on a non-loopback host; refused at start otherwise. @default false */
  readonly allowUnauthenticated: boolean;
  /** Serve HTTPS with this certificate chain and private key (PEM files). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

/** One ingest API key: who it is in logs and metrics, its hash, and where it may send. */
export interface IngestApiKey {
  /** Named in logs and in the `key` label of the ingest metrics; never the key itself. */
  readonly id: string;
  /** Lowercase hex SHA-256 of the key. */
  readonly sha256: string;
  /** Source names the key may post to; `*` for every source. */
  readonly sources: readonly string[];
  /** A token bucket per key; a request past it is answered 429 with Retry-After. */
  readonly rateLimit?: IngestRateLimit;
}

/** Tokens refill at `perSecond` up to `burst`; each request (or each event) takes one. */
export interface IngestRateLimit {
  readonly unit: 'request' | 'event';
  readonly perSecond: number;
  /** Bucket size; one second's worth when not set. */
  readonly burst: number;
}

export interface DashboardSettings {
  /** @default '127.0.0.1' */
  readonly host: string;
  /** @default 8088 */
  readonly port: number;
  /** Timeouts and connection cap of the dashboard server. */
  readonly http: HttpServerLimits;
  /** HTTP basic authentication for every page but `/healthz`; none when absent. */
  readonly auth?: { readonly users: readonly DashboardUser[] };
}

/** A dashboard login: the name and exactly one hash of the password. */
export interface DashboardUser {
  readonly name: string;
  /** Lowercase hex SHA-256 of the password. */
  readonly sha256?: string;
  /** `<salt hex>:<key hex>` of scrypt (N=16384, r=8, p=1), as `sluice dashboard hash-password` prints. */
  readonly scrypt?: string;
}

export interface AggregatorSettings {
  /** @default 9101 */
  readonly opsPort: number;
  /** How often open windows emit an update (`updateInterval`). @default 2000 */
  readonly updateIntervalMs: number;
  /** Bounded out-of-orderness: watermark = max event time seen - this (`maxOutOfOrderness`). @default 5000 */
  readonly maxOutOfOrdernessMs: number;
  /** A partition without events this long stops holding its windows open (`idleTimeout`). @default 30000 */
  readonly idleTimeoutMs: number;
  /** How often replay points are committed (`commitInterval`). @default 5000 */
  readonly commitIntervalMs: number;
  /**
   * Open-window state is written to the compacted `kafka.topics.state` topic at every commit, and the committed
   * offset is the read position; off, the committed offset is the oldest event of any open window (`checkpoints`).
   * @default true
   */
  readonly checkpoints: boolean;
}

export interface SinkSettings {
  /** @default 9102 */
  readonly opsPort: number;
  /** @default 10000 */
  readonly batchRows: number;
  /** `flushInterval`. @default 500 */
  readonly flushIntervalMs: number;
}

export interface CompactorSettings {
  /** @default 9103 */
  readonly opsPort: number;
  /** @default 50000 */
  readonly batchEvents: number;
  /** `flushInterval`. @default 2000 */
  readonly flushIntervalMs: number;
  /** How often closed periods are looked for and recomputed (`cycleInterval`). @default 10000 */
  readonly cycleIntervalMs: number;
}

/**
 * How long everything Sluice writes is kept (`retention`); a 0 keeps forever
 * where a field says so. Periods and generations are the batch layer's (see
 * the compactor README); applied by the compactor and at topic creation.
 */
export interface RetentionSettings {
  /**
   * Raw events older than this by event time leave the master dataset (`raw`,
   * or the deprecated `compactor.rawTtlDays` in days); 0 keeps them forever. @default 0
   */
  readonly rawMs: number;
  /** How long a view's speed rows stay after batch made their period final (`speedAfterFinal`, 1h). @default 3600000 */
  readonly speedAfterFinalMs: number;
  /** How long a superseded batch generation stays after the one replacing it became final (`batchGenerations`). @default 0 */
  readonly batchGenerationsMs: number;
  /** How long reconciliation rows are kept after their recomputation (`reconcile`, 30d); 0 keeps them forever. @default 2592000000 */
  readonly reconcileMs: number;
  readonly topics: TopicRetentionSettings;
}

/** `retention.ms` of the topics Sluice creates (`retention.topics`); 0 keeps records forever. An existing topic is left as it is. */
export interface TopicRetentionSettings {
  /** The results topic (`results`, 7d). @default 604800000 */
  readonly resultsMs: number;
  /** The late-events topic (`late`, 7d). @default 604800000 */
  readonly lateMs: number;
  /** The dead-letter topic (`deadLetter`, 30d). @default 2592000000 */
  readonly deadLetterMs: number;
}

/** A validated, frozen pipeline definition; every default is applied (see schema.ts). */
export interface PipelineConfig {
  /** Prefixes consumer groups and internal topics, so pipelines can share a cluster. @default 'sluice' */
  readonly name: string;
  readonly kafka: KafkaSettings;
  readonly schemaRegistry?: SchemaRegistrySettings;
  readonly clickhouse: ClickHouseSettings;
  readonly ingest: IngestSettings;
  readonly dashboard: DashboardSettings;
  readonly aggregator: AggregatorSettings;
  readonly sink: SinkSettings;
  readonly compactor: CompactorSettings;
  readonly retention: RetentionSettings;
  /** What the definition says that still works but should change (a deprecated key): shown by `sluice validate`, logged by the compactor. @default [] */
  readonly warnings: readonly string[];
  readonly sources: Readonly<Record<string, SourceDefinition>>;
  /** @default [] */
  readonly views: readonly ViewDefinition[];
}
