import type { MetricsRegistry, PipelineConfig } from '@sluice/core';
import { waitFor } from '../../../../test/support/wait-for';

/**
 * Waits until an in-process aggregator has read `records` records of `topic`
 * and every view has emitted finals and holds no open state. Gauges read 0
 * before the first flush sets them, so each view's finals are awaited too.
 */
export async function everyWindowClosed(
  metrics: MetricsRegistry,
  config: PipelineConfig,
  topic: string,
  records: number,
  { timeoutMs = 90_000, what = 'every record read and every window closed' }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const entries = metrics.gauge('sluice_aggregator_state_entries', '');
  const eventsIn = metrics.counter('sluice_aggregator_events_total', '');
  const results = metrics.counter('sluice_aggregator_results_total', '');
  const closed = (view: string) => results.get({ view, kind: 'final' }) > 0 && entries.get({ view }) === 0;
  await waitFor(() => eventsIn.get({ topic }) === records && config.views.every((view) => closed(view.name)), { timeoutMs, what });
}
