import { MetricsRegistry, SluiceError } from '@sluice/core';
import { StallWatch } from './stall-watch';

function watch(): { watch: StallWatch; registry: MetricsRegistry; clock: { now: number } } {
  const registry = new MetricsRegistry();
  const clock = { now: 1_000 };
  const stalls = new StallWatch({ stalled: registry.gauge('sluice_test_stalled', 'stalled'), retries: registry.counter('sluice_test_retries_total', 'retries') }, () => clock.now);
  return { watch: stalls, registry, clock };
}

describe('StallWatch', () => {
  it('reports ok until an activity fails', () => {
    expect(watch().watch.details()).toEqual({ progress: 'ok' });
  });

  it('says which activity is stalled, since when, how often it failed and why, and clears on progress', () => {
    const { watch: stalls, registry, clock } = watch();
    stalls.failed('landing', new SluiceError('CLICKHOUSE_ECONNREFUSED', 'cannot reach ClickHouse: connect ECONNREFUSED 127.0.0.1:8123', { retriable: true }));
    clock.now = 2_000;
    stalls.failed('landing', new SluiceError('CLICKHOUSE_ECONNREFUSED', 'cannot reach ClickHouse: connect ECONNREFUSED 127.0.0.1:8123', { retriable: true }));

    expect(stalls.details()).toEqual({
      progress: 'stalled',
      stalled: { landing: { reason: 'CLICKHOUSE_ECONNREFUSED: cannot reach ClickHouse: connect ECONNREFUSED 127.0.0.1:8123', since: 1_000, attempts: 2 } },
    });
    expect(registry.render()).toContain('sluice_test_stalled{activity="landing"} 1');

    stalls.progressed('landing');
    expect(stalls.details()).toEqual({ progress: 'ok' });
    expect(registry.render()).toContain('sluice_test_stalled{activity="landing"} 0');
  });

  it('masks credentials written into a URL', () => {
    const { watch: stalls } = watch();
    stalls.failed('landing', new Error('request to http://writer:s3cret@ch:8123/ failed'));
    expect(JSON.stringify(stalls.details())).not.toContain('s3cret');
  });
});
