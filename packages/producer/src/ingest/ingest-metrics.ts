import type { Counter, Gauge, Histogram, MetricsRegistry } from '@sluice/core';

/** What the ingest service reports on `/metrics`. */
export interface IngestMetrics {
  readonly accepted: Counter;
  readonly rejected: Counter;
  readonly unavailable: Counter;
  readonly requests: Counter;
  readonly produceSeconds: Histogram;
  readonly inFlight: Gauge;
}

/** Registers the ingest metrics in `registry`. */
export function ingestMetrics(registry: MetricsRegistry): IngestMetrics {
  return {
    accepted: registry.counter('sluice_ingest_events_accepted_total', 'Events Kafka acknowledged and answered with 202'),
    rejected: registry.counter('sluice_ingest_events_rejected_total', 'Events rejected, by reason'),
    unavailable: registry.counter('sluice_ingest_unavailable_total', 'Requests answered 503, by cause'),
    requests: registry.counter('sluice_ingest_requests_total', 'Requests, by status code'),
    produceSeconds: registry.histogram('sluice_ingest_produce_seconds', 'Time from sending a batch to Kafka acknowledging it', [
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ]),
    inFlight: registry.gauge('sluice_ingest_in_flight_events', 'Events accepted and not yet acknowledged by Kafka'),
  };
}
