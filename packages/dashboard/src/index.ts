/**
 * @sluice/dashboard. Public: the built-in dashboard and the Grafana dashboard
 * generator the cli runs. Internal: exported for Sluice's own tests only.
 */
export { startDashboard } from './server';
export type { Dashboard, DashboardOptions } from './server';
export { grafanaDashboard, GRAFANA_CLICKHOUSE_PLUGIN } from './grafana';
export type { GrafanaOptions } from './grafana';

// Internal.
export { seriesQuery, windowStepMs } from './series-query';
export { probeWorkers, workerEndpoints } from './health';
export type { WorkerHealth } from './health';
