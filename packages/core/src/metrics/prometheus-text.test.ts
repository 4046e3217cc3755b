import { parsePrometheusText, sumOf } from './prometheus-text';

const text = `# HELP sluice_events_total events
# TYPE sluice_events_total counter
sluice_events_total{view="a",reason="late"} 3
sluice_events_total{view="b"} 4
sluice_lag 12
weird{msg="a \\"quoted\\" word"} 1.5
`;

describe('parsePrometheusText', () => {
  const samples = parsePrometheusText(text);

  it('reads names, labels and values', () => {
    expect(samples).toHaveLength(4);
    expect(samples[0]).toEqual({ name: 'sluice_events_total', labels: { view: 'a', reason: 'late' }, value: 3 });
    expect(samples[3]?.labels['msg']).toBe('a "quoted" word');
  });

  it('sums the samples matching a label filter', () => {
    expect(sumOf(samples, 'sluice_events_total')).toBe(7);
    expect(sumOf(samples, 'sluice_events_total', { view: 'a' })).toBe(3);
    expect(sumOf(samples, 'sluice_lag')).toBe(12);
    expect(sumOf(samples, 'missing')).toBe(0);
  });
});
