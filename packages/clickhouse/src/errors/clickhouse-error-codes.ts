/**
 * The ClickHouse error codes and connection failures Sluice tells apart, and
 * whether retrying the same operation can help. Codes not listed are treated
 * as permanent: retrying a query the server rejected only repeats the rejection.
 */
export const CLICKHOUSE_ERROR_CODES = {
  3: { type: 'UNEXPECTED_END_OF_FILE', retriable: true },
  6: { type: 'CANNOT_PARSE_TEXT', retriable: false },
  16: { type: 'NO_SUCH_COLUMN_IN_TABLE', retriable: false },
  25: { type: 'CANNOT_PARSE_ESCAPE_SEQUENCE', retriable: false },
  27: { type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', retriable: false },
  36: { type: 'BAD_ARGUMENTS', retriable: false },
  43: { type: 'ILLEGAL_TYPE_OF_ARGUMENT', retriable: false },
  46: { type: 'UNKNOWN_FUNCTION', retriable: false },
  47: { type: 'UNKNOWN_IDENTIFIER', retriable: false },
  53: { type: 'TYPE_MISMATCH', retriable: false },
  57: { type: 'TABLE_ALREADY_EXISTS', retriable: false },
  60: { type: 'UNKNOWN_TABLE', retriable: false },
  62: { type: 'SYNTAX_ERROR', retriable: false },
  73: { type: 'UNKNOWN_FORMAT', retriable: false },
  81: { type: 'UNKNOWN_DATABASE', retriable: false },
  115: { type: 'UNKNOWN_SETTING', retriable: false },
  117: { type: 'INCORRECT_DATA', retriable: false },
  159: { type: 'TIMEOUT_EXCEEDED', retriable: true },
  164: { type: 'READONLY', retriable: false },
  202: { type: 'TOO_MANY_SIMULTANEOUS_QUERIES', retriable: true },
  209: { type: 'SOCKET_TIMEOUT', retriable: true },
  210: { type: 'NETWORK_ERROR', retriable: true },
  236: { type: 'ABORTED', retriable: true },
  241: { type: 'MEMORY_LIMIT_EXCEEDED', retriable: true },
  242: { type: 'TABLE_IS_READ_ONLY', retriable: true },
  252: { type: 'TOO_MANY_PARTS', retriable: true },
  285: { type: 'TOO_FEW_LIVE_REPLICAS', retriable: true },
  319: { type: 'UNKNOWN_STATUS_OF_INSERT', retriable: true },
  394: { type: 'QUERY_WAS_CANCELLED', retriable: true },
  497: { type: 'ACCESS_DENIED', retriable: false },
  516: { type: 'AUTHENTICATION_FAILED', retriable: false },
  999: { type: 'KEEPER_EXCEPTION', retriable: true },
} as const satisfies Record<number, { readonly type: string; readonly retriable: boolean }>;

/** Node socket and DNS failures on the way to a server; all but a wrong host name may pass. */
export const CONNECTION_ERROR_CODES = {
  ECONNREFUSED: { retriable: true },
  ECONNRESET: { retriable: true },
  ETIMEDOUT: { retriable: true },
  EPIPE: { retriable: true },
  EHOSTUNREACH: { retriable: true },
  ENETUNREACH: { retriable: true },
  EAI_AGAIN: { retriable: true },
  UND_ERR_SOCKET: { retriable: true },
  ENOTFOUND: { retriable: false },
} as const satisfies Record<string, { readonly retriable: boolean }>;
