import { isolateRefused, isRetriable, retry, SluiceError, type Logger, type RetryOptions, type SpeedInsertOutcome, type SpeedTableWriter, type ViewDefinition } from '@sluice/core';
import type { PendingRow, RejectedRecord } from './pending-batch';
import type { StallWatch } from '@sluice/runtime';
import type { SinkMetrics } from './sink-metrics';

export interface SpeedWriterOptions {
  /** Where the rows go: a view's speed table. */
  readonly tables: SpeedTableWriter;
  /** The views whose rows are written, by the names the batches carry. */
  readonly views: readonly ViewDefinition[];
  readonly retry: Omit<RetryOptions, 'onRetry'>;
  readonly metrics: SinkMetrics;
  readonly logger: Logger;
  /** Called with true when an insert starts retrying and false when it got through, to pause the consumer. */
  readonly onBackpressure: (waiting: boolean) => void;
  /** Hears every retried insert and every insert that got through, so /healthz says when the sink is stalled. */
  readonly stalls?: StallWatch;
}

/**
 * Inserts encoded rows into a view's speed table. Retriable failures are
 * retried with backoff, the sink reported stalled meanwhile; rows refused for
 * their content are split in halves until the refused rows are isolated, and
 * returned for the dead-letter topic. Other failures (a missing table, retries
 * exhausted or given up at a stop) stop the worker
 * before it commits, so nothing is lost: the restarted sink reads the same
 * records again. Re-inserting halves that already landed is harmless: the
 * speed table keeps one row per key and version.
 */
export class SpeedWriter {
  private readonly views: ReadonlyMap<string, ViewDefinition>;
  private givenUp = false;

  constructor(private readonly options: SpeedWriterOptions) {
    this.views = new Map(options.views.map((view) => [view.name, view]));
  }

  /** Stops retrying: an insert waiting out an outage fails at its next attempt, so a stop is not held by it. */
  giveUpRetrying(): void {
    this.givenUp = true;
  }

  /** Writes `rows` of `view`; resolves to the rows the store refused. */
  async write(view: string, rows: readonly PendingRow[]): Promise<RejectedRecord[]> {
    const refused = await isolateRefused(rows, (batch) => this.insertWithRetry(view, batch), (batch) => this.options.metrics.rowsWritten.inc({ view }, batch.length));
    return refused.map(({ row, reason }) => (row.row === undefined ? { origin: row.origin, reason } : { origin: row.origin, row: row.row, reason: `rows[${row.row}]: ${reason}` }));
  }

  private async insertWithRetry(view: string, rows: readonly PendingRow[]): Promise<SpeedInsertOutcome> {
    const definition = this.views.get(view);
    if (definition === undefined) throw new SluiceError('SINK_UNKNOWN_VIEW', `no view named ${view} to write speed rows of`);
    const encoded = rows.map((row) => row.bytes);
    let retried = false;
    try {
      const outcome = await retry(
        async () => {
          const started = performance.now();
          const outcome = await this.options.tables.insert(definition, encoded);
          if (outcome.type === 'inserted') this.options.metrics.insertSeconds.observe((performance.now() - started) / 1000);
          return outcome;
        },
        {
          ...this.options.retry,
          shouldRetry: (error) => isRetriable(error) && !this.givenUp,
          onRetry: (error, attempt, delayMs) => {
            retried = true;
            this.options.stalls?.failed('insert', error);
            this.options.onBackpressure(true);
            this.options.metrics.retries.inc();
            this.options.logger.warn('insert failed, retrying', { view, attempt, delayMs, error: (error as Error).message });
          },
        },
      );
      this.options.stalls?.progressed('insert');
      return outcome;
    } finally {
      if (retried) this.options.onBackpressure(false);
    }
  }
}
