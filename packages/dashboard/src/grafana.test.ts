import { buildPipeline } from '@sluice/core';
import { grafanaDashboard, GRAFANA_CLICKHOUSE_PLUGIN } from './grafana';

const config = buildPipeline({
  name: 'shop',
  sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts' } },
  views: [
    { name: 'pv', source: 'events', window: { type: 'tumbling', size: '1m' }, groupBy: ['page'], measures: { views: 'count', p95: 'quantile(0.95, ms)' } },
    { name: 's', source: 'events', window: { type: 'session', gap: '5m' }, groupBy: ['user_id'], measures: { n: 'count' } },
  ],
});

describe('grafanaDashboard', () => {
  const dashboard = grafanaDashboard(config, { datasourceUid: 'ch' });
  const panels = dashboard['panels'] as Record<string, unknown>[];

  it('has a row per view and a time-series panel per measure', () => {
    expect(panels.filter((panel) => panel['type'] === 'row').map((panel) => panel['title'])).toEqual(['pv', 's']);
    expect(panels.filter((panel) => panel['type'] === 'timeseries').map((panel) => panel['title'])).toEqual([
      'pv: views (count)',
      'pv: p95 (quantile)',
      's: n (count)',
    ]);
  });

  it('queries the serving view through the official ClickHouse datasource, batch and speed apart', () => {
    const [target] = (panels[2]?.['targets'] ?? []) as Record<string, unknown>[];
    expect(target?.['datasource']).toEqual({ type: GRAFANA_CLICKHOUSE_PLUGIN, uid: 'ch' });
    expect(target?.['rawSql']).toBe(
      [
        'SELECT window_start AS time, source, avg(`p95`) AS `p95`',
        'FROM `sluice`.`pv`',
        'WHERE $__timeFilter(window_start)',
        'GROUP BY time, source',
        'ORDER BY time',
      ].join('\n'),
    );
  });

  it('gives every panel a unique id', () => {
    const ids = panels.map((panel) => panel['id']);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
