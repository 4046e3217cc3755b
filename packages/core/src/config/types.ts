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

export interface SourceDefinition {
  readonly name: string;
  readonly topic: string;
  readonly format: 'json' | 'avro';
  /** Field whose value keys the Kafka record, and so picks the partition. */
  readonly key: string;
  /** Field holding the event time: epoch ms or ISO-8601. */
  readonly timestamp: string;
  /** Field holding the event id; ingest fills it with a UUIDv7 when absent. */
  readonly id: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Declared field types; fields nobody declared are still kept. */
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Avro record schema (format avro): registered under `<topic>-value`. */
  readonly avroSchema?: Readonly<Record<string, unknown>>;
}

export interface ViewDefinition {
  readonly name: string;
  readonly source: string;
  /** Every listed field must equal one of its values; empty means all events. */
  readonly where: Readonly<Record<string, readonly Scalar[]>>;
  readonly window: WindowSpec;
  /** How long after its end a window still accepts events. */
  readonly latenessMs: number;
  readonly groupBy: readonly string[];
  readonly measures: readonly Measure[];
  /** Length of the periods the batch layer recomputes and makes final. */
  readonly periodMs: number;
}

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topics: {
    readonly results: string;
    readonly late: string;
    readonly deadLetter: string;
  };
}

export interface ClickHouseSettings {
  /** `embedded:PATH`, `embedded:memory`, or `http(s)://host:port`. */
  readonly url: string;
  readonly database: string;
  readonly user?: string;
  readonly password?: string;
}

export interface IngestSettings {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Events accepted but not yet acknowledged by Kafka; past this, 503. */
  readonly maxInFlightEvents: number;
  readonly lingerMs: number;
  readonly compression: 'none' | 'gzip';
}

export interface AggregatorSettings {
  readonly opsPort: number;
  /** How often open windows emit an update. */
  readonly updateIntervalMs: number;
  /** Bounded out-of-orderness: watermark = max event time seen - this. */
  readonly maxOutOfOrdernessMs: number;
  /** A partition without events this long stops holding its windows open. */
  readonly idleTimeoutMs: number;
  readonly commitIntervalMs: number;
}

export interface SinkSettings {
  readonly opsPort: number;
  readonly batchRows: number;
  readonly flushIntervalMs: number;
}

export interface CompactorSettings {
  readonly opsPort: number;
  readonly batchEvents: number;
  readonly flushIntervalMs: number;
  /** How often closed periods are looked for and recomputed. */
  readonly cycleIntervalMs: number;
  /** Raw events older than this leave the master dataset; 0 keeps them forever. */
  readonly rawTtlDays: number;
}

/** A validated, frozen pipeline definition. */
export interface PipelineConfig {
  /** Prefixes consumer groups and internal topics, so pipelines can share a cluster. */
  readonly name: string;
  readonly kafka: KafkaSettings;
  readonly schemaRegistry?: { readonly url: string };
  readonly clickhouse: ClickHouseSettings;
  readonly ingest: IngestSettings;
  readonly dashboard: { readonly host: string; readonly port: number };
  readonly aggregator: AggregatorSettings;
  readonly sink: SinkSettings;
  readonly compactor: CompactorSettings;
  readonly sources: Readonly<Record<string, SourceDefinition>>;
  readonly views: readonly ViewDefinition[];
}
