/**
 * @sluice/core: the pipeline definition and everything the engines compute
 * with, free of I/O. Every export is part of core's contract with the other
 * packages; none is internal.
 */
export { SluiceError, isRetriable, type SluiceErrorOptions } from './errors/sluice-error';
export { ConfigError, formatIssue, type ConfigIssue } from './errors/config-error';
export { retry, RetriesExhaustedError, type RetryOptions, type Sleeper } from './errors/retry';
export { parseDuration, formatDuration } from './time/duration';
export { parseEventTime } from './time/event-time';
export { epochMs, type EpochMs } from './time/epoch';
export type { Scheduler, ScheduledWork, Cancellable } from './time/scheduler';
export type { ResultWriter } from './ports/result-writer';
export { parsePipeline, buildPipeline, formatPath, type ParseOptions } from './config/load';
export { ENVIRONMENT_OVERRIDES } from './config/environment';
export { DEFAULT_HTTP_SERVER_LIMITS } from './config/http-limits';
export { applyServerLimits, createLimitedServer, httpServerOptions, type HttpServerOptions, type LimitableServer } from './http/limited-server';
export { parseApiKeyList, isLoopbackHost, ingestExposureProblem } from './config/ingest-access';
export { resolveSecret, SecretFileError, type SecretFileReader, type SecretSource } from './config/secret';
export { secretsOf } from './config/secrets-of';
export { readerClickHouseSettings } from './config/clickhouse-reader';
export { clickHouseGrantsSql, clickHouseGrantNames, type ClickHouseGrantNames } from './sql/clickhouse-grants';
export { REDACTED, isSecretKey, redactUrl, redactText, redactValue } from './log/redact';
export { parseMeasureExpression, MEASURE_FORMS } from './config/measure-expression';
export {
  FIELD_TYPES,
  type AggregatorSettings,
  type ClickHouseServeSettings,
  type ClickHouseSettings,
  type ClickHouseReaderSettings,
  type CompactorSettings,
  type DashboardSettings,
  type EventTimeBounds,
  type FieldType,
  type HttpServerLimits,
  type IngestSettings,
  type IngestApiKey,
  type DashboardUser,
  type IngestRateLimit,
  type KafkaSettings,
  type KafkaSaslSettings,
  type KafkaTlsSettings,
  type SchemaRegistrySettings,
  type Measure,
  type MeasureKind,
  type MeasureSpec,
  type PipelineConfig,
  type RetentionSettings,
  type TopicRetentionSettings,
  type Scalar,
  type SinkSettings,
  type SourceDefinition,
  type ViewDefinition,
  type WindowSpec,
  type WindowType,
} from './config/types';
export { createLogger, silentLogger, LOG_LEVELS, type Logger, type LogEntry, type LogLevel, type LogSink, type LoggerOptions } from './log/logger';
export { MetricsRegistry, Counter, Gauge, Histogram, type Labels } from './metrics/registry';
export { formatBytes } from './metrics/format-bytes';
export { parsePrometheusText, sumOf, type Sample } from './metrics/prometheus-text';
export type { WindowResult, MeasureState } from './results/window-result';
export { ROW_KIND, ROW_FIELD, appendStateParts, packedRowLength, unpackRow, type ResultPack, type PackedRow, type RowKind } from './results/result-pack';
export {
  forEachWindow,
  forEachGridWindow,
  windowsOf,
  alignDown,
  SessionSet,
  WINDOW_KINDS,
  windowKindOf,
  isWindowType,
  windowFromConfig,
  describeWindow,
  type FixedWindowSpec,
  type WindowBounds,
  type WindowGrid,
  type SessionAddition,
  type WindowKind,
  type GridWindowKind,
  type WindowSpecOf,
  type ConfigWindow,
  type ViewIssue,
  type WindowCheckContext,
  type WindowScanSql,
  type BatchWindowing,
  type OracleWindow,
} from './windows';
export { PartitionWatermark, isWindowClosed, isLate, idleWatermarks, type PartitionActivity, type IdleSettings } from './watermark';
export {
  aggregatorFor,
  MeasureStateError,
  InvalidMeasureStateError,
  MEASURE_KINDS,
  measureKindOf,
  isMeasureKind,
  checkMeasureState,
  countAggregator,
  sumAggregator,
  minAggregator,
  maxAggregator,
  avgAggregator,
  uniqAggregator,
  quantileAggregator,
  type MeasureAggregator,
  type AnyMeasureAggregator,
  type AverageState,
  type MeasureKindDefinition,
  type StateColumnType,
  type MeasureSpecOf,
  type MeasureStateOf,
  type MeasureMerge,
  type FieldColumns,
  type FieldRule,
  type OracleEvent,
} from './aggregates';
export { HyperLogLog, DDSketch, murmur3Utf8, keyOf as ddsketchKeyOf, valueOfKey as ddsketchValueOfKey, hllEstimate, HLL_PRECISION, DDSKETCH_ALPHA } from './sketches';
export { hllEstimateSql, ddsketchQuantileSql } from './sql/sketch-sql';
export { JsonFieldPicker, JsonPickError, MAX_JSON_NESTING, JSON_VALUE_ISSUE_REASONS, jsonValueIssue, type JsonValueIssue, readField, toMeasureNumber, groupValueString, groupValues, groupKeyOf, groupKeyOfValues, OVERFLOW_GROUP_VALUE, OVERFLOW_GROUP_KEY, matchesWhere, compileWhere, type EventRecord, type WhereClause } from './event';
export { STATE_PARTS, SERVED_TYPES, WINDOW_BOUND_TYPE, GROUP_FIELD_TYPE, stateColumnName, stateColumns, servedColumn, groupColumns, type ColumnDefinition, type StatePart } from './sql/column-types';
export { speedTableColumns, speedTableKey, createSpeedTableSql } from './sql/speed-table';
export { batchTableColumns, batchTableKey, createBatchTableSql, addBatchWindowIndexSql } from './sql/batch-table';
export { finalTableColumns, createFinalTableSql } from './sql/final-table';
export { periodStartSql, measureMerge, createServingViewSql } from './sql/serving-view';
export { planViewSchema, viewLayoutComment, type ExistingTable, type ExistingViewTables, type SchemaPlan } from './sql/schema-diff';
export type { SpeedTableWriter, SpeedInsertOutcome } from './ports/speed-table-writer';
export { isolateRefused, type InsertOutcome, type RefusedRow } from './ports/isolate-refused';
export type { SchemaStore } from './ports/schema-store';
export type { RawStore, RawRow, RawLanding, SessionReach } from './ports/raw-store';
export type { ProgressStore, PartitionProgress, FinalPeriods } from './ports/progress-store';
export type { BatchStore, KeyedEventTime } from './ports/batch-store';
export type { RetentionStore } from './ports/retention-store';
export { countFinalSpeedRowsSql, dropFinalSpeedRowsSql, countSupersededGenerationsSql, dropSupersededGenerationsSql } from './sql/retention-sql';
export type { ServingReader } from './ports/serving-reader';
export type { StoreProbe, StorePing } from './ports/store-probe';
export type { TableUsage, TableUsageReader, TopicUsage } from './ports/storage-usage';
export { tableUsageSql, tableUsageFromRows } from './sql/table-usage';
export { createProgressTableSql, createDirtyTableSql, createClosedTableSql } from './sql/bookkeeping-tables';
export { periodStartOf, periodReachMs, periodCloseBoundMs, scanRangeOf, batchColumns, batchSelectSql, batchInsertSql, sessionReachSql, windowStatsSql, createRawTableSql, rawInsertToken, RAW_COLUMNS, RAW_DEDUPLICATION_WINDOW, reconcileColumns, createReconcileTableSql, reconcileInsertSql, reconcileReportSql, mergedSpeedRowsSql, type RecomputeRange } from './sql/batch-recompute';
export { quoteIdentifier, qualifiedName, quoteString } from './contracts/clickhouse-quoting';
export {
  speedTableName,
  batchTableName,
  finalTableName,
  reconcileTableName,
  dirtyTableName,
  closedTableName,
  servingViewName,
  rawTableName,
  progressTableName,
  generatedTableNames,
  viewObjects,
  sourceObjects,
  type ViewObjects,
  type SourceObjects,
} from './contracts/clickhouse-objects';
export { consumerGroupId, CONSUMER_ROLES, type ConsumerRole } from './contracts/consumer-groups';
export { DEAD_LETTER_HEADERS, LATE_RECORD_HEADERS } from './contracts/record-headers';
export { RESULT_ROW_TOO_LARGE_REASON, RESULT_ROW_HEADERS } from './contracts/result-dead-letters';
export {
  pipelineTopicSpecs,
  topicSpecsFor,
  topicSpecOf,
  sourceTopicSpecs,
  TOPICS_BY_ROLE,
  type TopicSpec,
  type PipelineTopicSpec,
  type TopicRole,
  type TopicCreatorRole,
} from './contracts/topic-specs';
export { refusal, type Refusal, type ValueVerdict, type SourceEventVerdict } from './contracts/source-event-verdict';
export type { ValueDecoder } from './contracts/value-decoder';
export { jsonValueDecoder, decodeJsonValue, NO_VALUE_REASON, type JsonTextVerdict } from './contracts/json-value-decoder';
export { readSourceEvent, withEventTime } from './contracts/source-event-codec';
export { EVENT_TIME_OUT_OF_RANGE, STORABLE_EVENT_TIME, eventTimeRangeIssue, recordTimestampReference, type EventTimeReference } from './contracts/event-time-range';
