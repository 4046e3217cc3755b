import { redactText, redactValue } from './redact';

export const LOG_LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;

/** One structured log entry: `{ level, time, module, message, ...fields }`. */
export interface LogEntry {
  readonly level: LogLevel;
  readonly time: string;
  readonly module: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** Where entries go; the edge decides (stderr as JSON lines, a test array). */
export type LogSink = (entry: LogEntry) => void;

/** A namespaced, structured logger. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger for a sub-module: `aggregator` -> `aggregator.windows`. */
  child(module: string): Logger;
}

export interface LoggerOptions {
  readonly module: string;
  readonly sink: LogSink;
  readonly level?: LogLevel;
  readonly now?: () => Date;
  /** Secret values (passwords) to replace wherever an entry would show them; URL passwords are always replaced. */
  readonly secrets?: readonly string[];
}

/** Creates a logger that drops entries below `level` and hands the rest to `sink`. */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  const log = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LOG_LEVELS[level] < threshold) return;
    const safeFields = redactValue(serializeErrors(fields), secrets) as Record<string, unknown>;
    options.sink({ ...safeFields, level, time: now().toISOString(), module: options.module, message: redactText(message, secrets) });
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (module) => createLogger({ ...options, module: `${options.module}.${module}` }),
  };
}

/** A logger that discards everything, for code paths that do not care. */
export const silentLogger: Logger = createLogger({ module: 'silent', sink: () => undefined });

/** Errors do not survive JSON.stringify; turn them into plain objects with their code and cause. */
function serializeErrors(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Error ? describeError(value) : value;
  return out;
}

function describeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(error.cause instanceof Error ? { cause: describeError(error.cause) } : {}),
  };
}
