export { scryptPasswordHash } from './basic-auth';
export { CONTENT_SECURITY_POLICY } from './security-headers';
export { startDashboard, type Dashboard, type DashboardOptions, type DashboardStorage } from './server';
export { seriesQuery, windowStepMs } from './series-query';
export { probeWorkers, workerEndpoints, type WorkerHealth } from './health';
export { grafanaDashboard, GRAFANA_CLICKHOUSE_PLUGIN, type GrafanaOptions } from './grafana';
export { readStorageUsage, topicSizesFromMetrics, compactorMetricsUrl, type StorageUsage, type TableSize, type TopicSize } from './storage-usage';
