import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseOperationError, toClickHouseOperationError } from '@sluice/clickhouse';
import { qualifiedName, quoteIdentifier, retry, speedTableName, type Logger, type RetryOptions } from '@sluice/core';
import type { PendingRow, RejectedRecord } from './pending-batch';
import type { SinkMetrics } from './sink-metrics';

export interface SpeedWriterOptions {
  readonly client: ClickHouseClient;
  readonly database: string;
  /** Speed-table column names per view, in the order the encoded lines hold them. */
  readonly columns: ReadonlyMap<string, readonly string[]>;
  readonly retry: Omit<RetryOptions, 'onRetry'>;
  readonly metrics: SinkMetrics;
  readonly logger: Logger;
  /** Called with true when an insert starts retrying and false when it got through, to pause the consumer. */
  readonly onBackpressure: (waiting: boolean) => void;
}

/**
 * Inserts encoded rows into a view's speed table. Retriable failures are
 * retried with backoff; a non-retriable failure splits the rows in halves
 * until the rows that ClickHouse refuses are isolated, and returns those
 * for the dead-letter topic. Other failures (a missing table, retries
 * exhausted) stop the worker before it commits, so nothing is lost: the
 * restarted sink reads the same records again. Re-inserting halves that already landed is
 * harmless: ReplacingMergeTree keeps one row per key and version.
 */
export class SpeedWriter {
  constructor(private readonly options: SpeedWriterOptions) {}

  /** Writes `rows` of `view`; resolves to the rows ClickHouse refused. */
  async write(view: string, rows: readonly PendingRow[]): Promise<RejectedRecord[]> {
    if (rows.length === 0) return [];
    try {
      await this.insertWithRetry(view, rows);
      this.options.metrics.rowsWritten.inc({ view }, rows.length);
      return [];
    } catch (error) {
      if (!isRowDataError(error)) throw error;
      if (rows.length === 1) return [{ origin: (rows[0] as PendingRow).origin, reason: `ClickHouse refused the row: ${error.message}` }];
      const middle = Math.ceil(rows.length / 2);
      return [...(await this.write(view, rows.slice(0, middle))), ...(await this.write(view, rows.slice(middle)))];
    }
  }

  private async insertWithRetry(view: string, rows: readonly PendingRow[]): Promise<void> {
    const body = Buffer.concat(rows.map((row) => row.bytes));
    // Same content, same token: a batch re-sent after a crash before commit is dropped on arrival.
    const token = createHash('sha256').update(view).update(body).digest('hex');
    const columns = (this.options.columns.get(view) ?? []).map(quoteIdentifier).join(', ');
    const query = `INSERT INTO ${qualifiedName(this.options.database, speedTableName(view))} (${columns}) FORMAT RowBinary`;
    let retried = false;
    try {
      await retry(
        async () => {
          const started = performance.now();
          try {
            // exec, not insert: the client's insert() takes text and JSON formats only.
            const result = await this.options.client.exec({
              query,
              values: Readable.from([body], { objectMode: false }),
              clickhouse_settings: { insert_deduplication_token: token },
            });
            await drain(result.stream);
          } catch (error) {
            throw toClickHouseOperationError(error);
          }
          this.options.metrics.insertSeconds.observe((performance.now() - started) / 1000);
        },
        {
          ...this.options.retry,
          onRetry: (error, attempt, delayMs) => {
            retried = true;
            this.options.onBackpressure(true);
            this.options.metrics.retries.inc();
            this.options.logger.warn('insert failed, retrying', { view, attempt, delayMs, error: (error as Error).message });
          },
        },
      );
    } finally {
      if (retried) this.options.onBackpressure(false);
    }
  }
}

/** Reads a response to its end, so that an HTTP connection is free for the next request. */
async function drain(stream: Readable): Promise<void> {
  stream.resume();
  await finished(stream);
}

// Server codes that blame the inserted data, not the server or the schema:
// CANNOT_READ_ALL_DATA, CANNOT_PARSE_TEXT, CANNOT_PARSE_QUOTED_STRING, CANNOT_PARSE_INPUT_ASSERTION_FAILED,
// CANNOT_PARSE_DATE, CANNOT_PARSE_DATETIME, TYPE_MISMATCH, ARGUMENT_OUT_OF_BOUND,
// CANNOT_CONVERT_TYPE, CANNOT_PARSE_NUMBER, INCORRECT_DATA, CANNOT_READ_ARRAY_FROM_TEXT,
// TOO_LARGE_STRING_SIZE, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, DECIMAL_OVERFLOW.
const ROW_DATA_ERROR_CODES: ReadonlySet<number> = new Set([6, 26, 33, 27, 38, 41, 53, 69, 70, 72, 117, 130, 131, 321, 407]);

/** True when ClickHouse refused the insert because of what some row holds. */
function isRowDataError(error: unknown): error is ClickHouseOperationError {
  return error instanceof ClickHouseOperationError && !error.retriable && error.clickhouseCode !== undefined && ROW_DATA_ERROR_CODES.has(error.clickhouseCode);
}
