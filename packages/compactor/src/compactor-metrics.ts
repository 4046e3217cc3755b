import type { Counter, Gauge, Histogram, MetricsRegistry } from '@sluice/core';

/** What the compactor reports on /metrics. */
export interface CompactorMetrics {
  readonly eventsLanded: Counter;
  readonly deadLetters: Counter;
  readonly periodsFinalized: Counter;
  readonly recomputeSeconds: Histogram;
  readonly dirtyPeriods: Gauge;
  readonly watermark: Gauge;
  readonly stalled: Gauge;
  readonly retries: Counter;
  readonly tableBytes: Gauge;
  readonly tableRows: Gauge;
  readonly topicRecords: Gauge;
}

/** Registers the compactor's metrics (idempotent: a registry hands back existing ones). */
export function compactorMetrics(registry: MetricsRegistry): CompactorMetrics {
  return {
    eventsLanded: registry.counter('sluice_compactor_events_landed_total', 'Records landed in the raw tables, by source'),
    deadLetters: registry.counter('sluice_compactor_dead_letters_total', 'Records sent to the dead-letter topic (undecodable, or refused by ClickHouse), by source'),
    periodsFinalized: registry.counter('sluice_compactor_periods_finalized_total', 'Periods recomputed and made final, by view'),
    recomputeSeconds: registry.histogram('sluice_compactor_recompute_seconds', 'Duration of one recomputation, by view', [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]),
    dirtyPeriods: registry.gauge('sluice_compactor_dirty_periods', 'Final periods with late events waiting for a recomputation, by view'),
    watermark: registry.gauge('sluice_compactor_watermark_ms', 'Landed event-time watermark of a source (min over its partitions)'),
    stalled: registry.gauge('sluice_compactor_stalled', '1 while an activity (landing, cycle) cannot make progress and keeps retrying, by activity'),
    retries: registry.counter('sluice_compactor_retries_total', 'Failed attempts of an activity (landing, cycle) that are retried, by activity'),
    tableBytes: registry.gauge('sluice_clickhouse_table_bytes', 'Bytes on disk of the active parts of a generated table (compressed), by table'),
    tableRows: registry.gauge('sluice_clickhouse_table_rows', 'Rows in the active parts of a generated table, by table'),
    topicRecords: registry.gauge('sluice_kafka_topic_records', 'Records a pipeline topic retains (high watermark minus log start, summed over partitions), by topic'),
  };
}
