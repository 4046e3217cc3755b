import type { Counter, Gauge, Histogram, MetricsRegistry } from '@sluice/core';

/** The sink's Prometheus series. */
export interface SinkMetrics {
  readonly rowsWritten: Counter;
  readonly insertSeconds: Histogram;
  readonly batchRows: Histogram;
  readonly retries: Counter;
  readonly deadLetters: Counter;
  readonly commitFailures: Counter;
  readonly lag: Gauge;
  readonly stalled: Gauge;
}

/** Registers the sink's metrics in `registry`. */
export function createSinkMetrics(registry: MetricsRegistry): SinkMetrics {
  return {
    rowsWritten: registry.counter('sluice_sink_rows_written_total', 'Window result rows accepted by ClickHouse, per view.'),
    insertSeconds: registry.histogram('sluice_sink_insert_seconds', 'Time for ClickHouse to accept one insert.', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
    batchRows: registry.histogram('sluice_sink_batch_rows', 'Rows per flushed batch.', [1, 10, 100, 1_000, 5_000, 10_000, 50_000, 100_000]),
    retries: registry.counter('sluice_sink_insert_retries_total', 'Inserts retried after a retriable ClickHouse error.'),
    deadLetters: registry.counter('sluice_sink_dead_letters_total', 'Results records sent to the dead-letter topic, per reason kind.'),
    commitFailures: registry.counter('sluice_sink_commit_failures_total', 'Offset commits refused (a rebalance moved the partition); the records are redelivered.'),
    lag: registry.gauge('sluice_sink_lag', 'Records of the results topic not yet read, per partition.'),
    stalled: registry.gauge('sluice_sink_stalled', '1 while inserts cannot make progress and keep being retried (ClickHouse unreachable), by activity.'),
  };
}
