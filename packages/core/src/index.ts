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
