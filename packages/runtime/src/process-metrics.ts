import { memoryUsage, resourceUsage } from 'node:process';
import type { MetricsRegistry } from '@sluice/core';

/**
 * Sets the process's memory gauges, under the names Prometheus's client
 * libraries use, so a dashboard or an alert on them works for every worker.
 * Called on each scrape: the values are the process's state at that moment,
 * plus the peak since start, which a scrape interval cannot miss.
 */
export function recordProcessMetrics(metrics: MetricsRegistry): void {
  const memory = memoryUsage();
  metrics.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.').set(memory.rss);
  // maxRSS is in kibibytes (getrusage's ru_maxrss).
  metrics.gauge('process_max_resident_memory_bytes', 'Peak resident memory size in bytes since the process started.').set(resourceUsage().maxRSS * 1024);
  metrics.gauge('nodejs_heap_size_used_bytes', 'V8 heap in use, in bytes.').set(memory.heapUsed);
  metrics.gauge('nodejs_heap_size_total_bytes', 'V8 heap reserved, in bytes.').set(memory.heapTotal);
}
