import { MetricsRegistry } from './registry';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    registry.counter('sluice_events_total', 'events').inc({ source: 'events' }, 2);
    registry.gauge('sluice_open_windows', 'open windows').set(7, { view: 'v' });
    const latency = registry.histogram('sluice_latency_ms', 'latency', [1, 10]);
    latency.observe(0.5);
    latency.observe(5);
    latency.observe(50);
    const text = registry.render();
    expect(text).toContain('sluice_events_total{source="events"} 2');
    expect(text).toContain('sluice_open_windows{view="v"} 7');
    expect(text).toContain('sluice_latency_ms_bucket{le="1"} 1');
    expect(text).toContain('sluice_latency_ms_bucket{le="10"} 2');
    expect(text).toContain('sluice_latency_ms_bucket{le="+Inf"} 3');
    expect(text).toContain('sluice_latency_ms_sum 55.5');
  });

  it('returns the same metric for the same name and refuses a type clash', () => {
    const registry = new MetricsRegistry();
    expect(registry.counter('x', 'x')).toBe(registry.counter('x', 'x'));
    expect(() => registry.gauge('x', 'x')).toThrow(/already registered as a counter/);
  });

  it('escapes label values', () => {
    const registry = new MetricsRegistry();
    registry.counter('c', 'c').inc({ reason: 'bad "json"\n' });
    expect(registry.render()).toContain('c{reason="bad \\"json\\"\\n"} 1');
  });
});
