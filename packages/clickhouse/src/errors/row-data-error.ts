import type { ClickHouseOperationError } from './clickhouse-operation-error';

// Server codes that blame the inserted data, not the server or the schema:
// CANNOT_READ_ALL_DATA, CANNOT_PARSE_TEXT, CANNOT_PARSE_ESCAPE_SEQUENCE, CANNOT_PARSE_QUOTED_STRING,
// CANNOT_PARSE_INPUT_ASSERTION_FAILED, CANNOT_PARSE_DATE, CANNOT_PARSE_DATETIME, TYPE_MISMATCH, ARGUMENT_OUT_OF_BOUND,
// CANNOT_CONVERT_TYPE, CANNOT_PARSE_NUMBER, INCORRECT_DATA, CANNOT_READ_ARRAY_FROM_TEXT,
// TOO_LARGE_STRING_SIZE, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, DECIMAL_OVERFLOW.
const ROW_DATA_ERROR_CODES: ReadonlySet<number> = new Set([6, 26, 25, 33, 27, 38, 41, 53, 69, 70, 72, 117, 130, 131, 321, 407]);

/**
 * True when ClickHouse refused an insert because of what some row holds:
 * the same rows would be refused again, so the caller isolates them instead
 * of retrying. An outage (a socket error, a timeout) is never one.
 */
export function isRowDataError(error: ClickHouseOperationError): boolean {
  return !error.retriable && error.clickhouseCode !== undefined && ROW_DATA_ERROR_CODES.has(error.clickhouseCode);
}

/** The reason a dead letter carries for rows ClickHouse refused. */
export function refusedRowsReason(error: ClickHouseOperationError, rows: number): string {
  return `ClickHouse refused the row${rows === 1 ? '' : 's'}: ${error.message}`;
}
