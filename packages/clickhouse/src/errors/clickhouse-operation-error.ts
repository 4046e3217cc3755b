import { SluiceError } from '@sluice/core';
import { CLICKHOUSE_ERROR_CODES, CONNECTION_ERROR_CODES } from './clickhouse-error-codes';

/**
 * A ClickHouse operation that failed, as a SluiceError: `code` is
 * `CLICKHOUSE_<TYPE>` (e.g. `CLICKHOUSE_TOO_MANY_PARTS`, `CLICKHOUSE_ECONNREFUSED`),
 * `clickhouseCode` the server's numeric code when there is one.
 */
export class ClickHouseOperationError extends SluiceError {
  readonly clickhouseCode: number | undefined;

  constructor(type: string, message: string, options: { retriable: boolean; clickhouseCode?: number; cause: unknown }) {
    super(`CLICKHOUSE_${type}`, message, { retriable: options.retriable, cause: options.cause });
    this.clickhouseCode = options.clickhouseCode;
  }
}

/**
 * Maps whatever a ClickHouse call threw (the client's ClickHouseError, a
 * chDB error, a socket error, a client timeout) to a ClickHouseOperationError
 * with the retriable flag from the one table in clickhouse-error-codes.ts.
 */
export function toClickHouseOperationError(error: unknown): ClickHouseOperationError {
  if (error instanceof ClickHouseOperationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const serverCode = serverErrorCode(error);
  if (serverCode !== undefined) {
    const known = (CLICKHOUSE_ERROR_CODES as Record<number, { type: string; retriable: boolean }>)[serverCode];
    const type = known?.type ?? serverErrorType(error) ?? `CODE_${serverCode}`;
    return new ClickHouseOperationError(type, message, { retriable: known?.retriable ?? false, clickhouseCode: serverCode, cause: error });
  }
  const connectionCode = connectionErrorCode(error);
  if (connectionCode !== undefined) {
    const { retriable } = CONNECTION_ERROR_CODES[connectionCode];
    return new ClickHouseOperationError(connectionCode, `cannot reach ClickHouse: ${message}`, { retriable, cause: error });
  }
  // The client reports its own request timeout as a plain Error without a code.
  if (/^Timeout error\.?$/i.test(message) || /socket hang up/i.test(message)) {
    return new ClickHouseOperationError('CLIENT_TIMEOUT', `ClickHouse did not answer in time: ${message}`, { retriable: true, cause: error });
  }
  return new ClickHouseOperationError('UNKNOWN', message, { retriable: false, cause: error });
}

/** The numeric server code of a ClickHouseError (string `code`) or a chDB error (`clickhouseCode`). */
function serverErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, clickhouseCode } = error as { code?: unknown; clickhouseCode?: unknown };
  if (typeof clickhouseCode === 'number' && clickhouseCode > 0) return clickhouseCode;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  const match = error instanceof Error ? /^Code: (\d+)\. /.exec(error.message) : null;
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function serverErrorType(error: unknown): string | undefined {
  const type = (error as { type?: unknown }).type;
  if (typeof type === 'string' && type.length > 0) return type;
  const match = error instanceof Error ? /\(([A-Z0-9_]{3,})\)(?: \(version [^)]*\))?\s*$/.exec(error.message) : null;
  return match?.[1];
}

function connectionErrorCode(error: unknown): keyof typeof CONNECTION_ERROR_CODES | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in CONNECTION_ERROR_CODES) return code as keyof typeof CONNECTION_ERROR_CODES;
    // AggregateError from a dual-stack connect carries the socket errors in `errors`.
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested)) {
      const inner = nested.map(connectionErrorCode).find((value) => value !== undefined);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}
