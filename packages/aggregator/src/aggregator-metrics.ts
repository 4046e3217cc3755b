import type { Counter, Gauge, MetricsRegistry } from '@sluice/core';

/** The aggregator's Prometheus metrics, registered once per process. */
export interface AggregatorMetrics {
  readonly eventsIn: Counter;
  readonly lateEvents: Counter;
  readonly overflowEvents: Counter;
  readonly deadLettered: Counter;
  readonly oversizedResults: Counter;
  readonly results: Counter;
  readonly checkpointRecords: Counter;
  readonly restoredStates: Counter;
  readonly openWindows: Gauge;
  readonly stateEntries: Gauge;
  readonly watermark: Gauge;
  readonly consumerLag: Gauge;
  readonly ownedPartitions: Gauge;
  readonly stalled: Gauge;
  readonly restorePointsLost: Counter;
}

/** Registers the aggregator metrics on `registry`. */
export function aggregatorMetrics(registry: MetricsRegistry): AggregatorMetrics {
  return {
    eventsIn: registry.counter('sluice_aggregator_events_total', 'Source records read, by topic'),
    lateEvents: registry.counter('sluice_aggregator_late_events_total', 'Events that came after their window closed (end + lateness), by view; sent to the late topic'),
    overflowEvents: registry.counter('sluice_aggregator_overflow_events_total', 'Events folded into a window\'s overflow group (past maxGroupsPerWindow), by view; one per event and window'),
    deadLettered: registry.counter('sluice_aggregator_dead_letters_total', 'Undecodable records sent to the dead-letter topic, by topic'),
    oversizedResults: registry.counter('sluice_aggregator_oversized_results_total', 'Result rows larger by themselves than a results-topic record may be, by view; sent to the dead-letter topic'),
    results: registry.counter('sluice_aggregator_results_total', 'Window result rows emitted, by view and kind (update, final, retract)'),
    checkpointRecords: registry.counter('sluice_aggregator_checkpoint_records_total', 'Records written to the state topic at commits, by kind (upsert, tombstone)'),
    restoredStates: registry.counter('sluice_aggregator_restored_states_total', 'Open (window, group) states read back from the state topic when a partition was assigned'),
    openWindows: registry.gauge('sluice_aggregator_open_windows', 'Open windows held in memory, by view'),
    stateEntries: registry.gauge('sluice_aggregator_state_entries', 'Open (window, group) states held in memory, by view'),
    watermark: registry.gauge('sluice_aggregator_watermark_ms', 'Event-time watermark, epoch ms, by view: the minimum over owned partitions'),
    consumerLag: registry.gauge('sluice_aggregator_consumer_lag', 'Records behind the end of the partition, by topic and partition'),
    ownedPartitions: registry.gauge('sluice_aggregator_owned_partitions', 'Source partitions assigned to this instance'),
    stalled: registry.gauge('sluice_aggregator_stalled', '1 while sends to Kafka (results, late copies, dead letters) fail and keep being retried, by activity (emit)'),
    restorePointsLost: registry.counter('sluice_aggregator_restore_point_lost_total', 'Committed positions found below the earliest available offset or past the log end on assignment (retention, delete-records, a recreated topic), by topic and partition; resumed from the earliest offset'),
  };
}
