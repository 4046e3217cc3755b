export { SluiceError, isRetriable, type SluiceErrorOptions } from './errors/sluice-error';
export { ConfigError, formatIssue, type ConfigIssue } from './errors/config-error';
export { retry, RetriesExhaustedError, type RetryOptions, type Sleeper } from './errors/retry';
export { parseDuration, formatDuration } from './time/duration';
export { parseEventTime } from './time/event-time';
export { epochMs, type EpochMs } from './time/epoch';
export { parsePipeline, buildPipeline, formatPath, type ParseOptions } from './config/load';
export { ENVIRONMENT_OVERRIDES } from './config/environment';
export { parseMeasureExpression, MEASURE_FORMS } from './config/measure-expression';
export {
  FIELD_TYPES,
  type AggregatorSettings,
  type ClickHouseSettings,
  type CompactorSettings,
  type FieldType,
  type IngestSettings,
  type KafkaSettings,
  type Measure,
  type MeasureKind,
  type MeasureSpec,
  type PipelineConfig,
  type Scalar,
  type SinkSettings,
  type SourceDefinition,
  type ViewDefinition,
  type WindowSpec,
  type WindowType,
} from './config/types';
export { createLogger, silentLogger, LOG_LEVELS, type Logger, type LogEntry, type LogLevel, type LogSink, type LoggerOptions } from './log/logger';
export { MetricsRegistry, Counter, Gauge, Histogram, type Labels } from './metrics/registry';
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
export { JsonFieldPicker, JsonPickError, readField, toMeasureNumber, groupValueString, groupValues, groupKeyOf, matchesWhere, compileWhere, type EventRecord, type WhereClause } from './event';
export { quoteIdentifier, qualifiedName, quoteString, speedTableName, batchTableName, finalTableName, servingViewName } from './sql/identifiers';
export { STATE_PARTS, SERVED_TYPES, WINDOW_BOUND_TYPE, GROUP_FIELD_TYPE, stateColumnName, stateColumns, servedColumn, groupColumns, type ColumnDefinition, type StatePart } from './sql/column-types';
export { speedTableColumns, speedTableKey, createSpeedTableSql } from './sql/speed-table';
export { batchTableColumns, batchTableKey, createBatchTableSql } from './sql/batch-table';
export { finalTableColumns, createFinalTableSql } from './sql/final-table';
export { periodStartSql, measureMerge, createServingViewSql } from './sql/serving-view';
export { planViewSchema, viewLayoutComment, type ExistingTable, type ExistingViewTables, type SchemaPlan } from './sql/schema-diff';
export { periodStartOf, periodReachMs, periodCloseBoundMs, scanRangeOf, batchColumns, batchSelectSql, batchInsertSql, sessionReachSql, windowStatsSql, rawTableName, createRawTableSql, rawInsertToken, RAW_COLUMNS, RAW_DEDUPLICATION_WINDOW, reconcileTableName, reconcileColumns, createReconcileTableSql, reconcileInsertSql, reconcileReportSql, mergedSpeedRowsSql, type RecomputeRange } from './sql/batch-recompute';
