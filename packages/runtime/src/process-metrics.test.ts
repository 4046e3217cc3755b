import { MetricsRegistry } from '@sluice/core';
import { recordProcessMetrics } from './process-metrics';

describe('recordProcessMetrics', () => {
  it('reports the resident memory, its peak and the heap of this process', () => {
    const metrics = new MetricsRegistry();
    recordProcessMetrics(metrics);
    const value = (name: string) => metrics.gauge(name, '').get();
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(value('process_max_resident_memory_bytes')).toBeGreaterThanOrEqual(value('process_resident_memory_bytes') * 0.99);
    expect(value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(value('nodejs_heap_size_total_bytes')).toBeGreaterThanOrEqual(value('nodejs_heap_size_used_bytes'));
  });
});
