/** HTTP status ClickHouse answers with for a few error codes; everything else is 500. */
const STATUS_BY_CODE: Readonly<Record<number, number>> = {
  36: 400, // BAD_ARGUMENTS
  62: 400, // SYNTAX_ERROR
  115: 400, // UNKNOWN_SETTING
  60: 404, // UNKNOWN_TABLE
  81: 404, // UNKNOWN_DATABASE
  164: 403, // READONLY
  497: 403, // ACCESS_DENIED
  516: 403, // AUTHENTICATION_FAILED (ClickHouse answers 403, keeping 401 for REQUIRED_PASSWORD)
  159: 500, // TIMEOUT_EXCEEDED
  241: 500, // MEMORY_LIMIT_EXCEEDED
};

/** An error in the shape ClickHouse's HTTP interface answers with. */
export interface ErrorResponse {
  readonly status: number;
  readonly code: number;
  readonly body: string;
}

const CLICKHOUSE_MESSAGE = /^Code: (\d+)\. /;

/**
 * Renders a failure as ClickHouse does: `Code: 62. DB::Exception: ... (SYNTAX_ERROR) (version V)`
 * with a non-200 status, so that stock clients raise their ClickHouseError with the right code.
 * Failures that carry no ClickHouse code are reported as STD_EXCEPTION (1001).
 */
export function errorResponse(error: unknown, version: string): ErrorResponse {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  const match = CLICKHOUSE_MESSAGE.exec(message);
  const code = match?.[1] === undefined ? 1001 : Number(match[1]);
  const text = match ? message : `Code: 1001. DB::Exception: ${message} (STD_EXCEPTION)`;
  return { status: STATUS_BY_CODE[code] ?? 500, code, body: `${text} (version ${version})\n` };
}
