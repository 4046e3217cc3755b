import { qualifiedName, quoteIdentifier, servingViewName, type PipelineConfig, type ViewDefinition } from '@sluice/core';
import { ACROSS_GROUPS } from './series-query';

/** The official ClickHouse datasource plugin for Grafana. */
export const GRAFANA_CLICKHOUSE_PLUGIN = 'grafana-clickhouse-datasource';

export interface GrafanaOptions {
  /** uid of the provisioned ClickHouse datasource the panels query. */
  readonly datasourceUid: string;
}

/**
 * A Grafana dashboard (JSON model) for the pipeline: one row per view and a
 * time-series panel per measure, reading the serving view with batch and
 * speed rows as separate series.
 */
export function grafanaDashboard(config: PipelineConfig, options: GrafanaOptions): Record<string, unknown> {
  const datasource = { type: GRAFANA_CLICKHOUSE_PLUGIN, uid: options.datasourceUid };
  let nextId = 1;
  const panels: Record<string, unknown>[] = [];
  config.views.forEach((view, viewIndex) => {
    const top = viewIndex * 9;
    panels.push({ id: nextId++, type: 'row', title: view.name, collapsed: false, gridPos: { x: 0, y: top, w: 24, h: 1 }, panels: [] });
    view.measures.forEach((measure, measureIndex) => {
      panels.push({
        id: nextId++,
        type: 'timeseries',
        title: `${view.name}: ${measure.name} (${measure.kind})`,
        datasource,
        gridPos: { x: (measureIndex % 3) * 8, y: top + 1, w: 8, h: 8 },
        targets: [
          {
            refId: 'A',
            datasource,
            editorType: 'sql',
            queryType: 'timeseries',
            format: 0,
            rawSql: panelSql(config.clickhouse.database, view, measure.name, ACROSS_GROUPS[measure.kind]),
          },
        ],
        fieldConfig: { defaults: { custom: { drawStyle: 'line', spanNulls: false } }, overrides: [] },
      });
    });
  });
  return {
    uid: `sluice-${config.name}`.slice(0, 40),
    title: `Sluice: ${config.name}`,
    tags: ['sluice'],
    timezone: 'utc',
    schemaVersion: 39,
    refresh: '10s',
    time: { from: 'now-1h', to: 'now' },
    panels,
  };
}

function panelSql(database: string, view: ViewDefinition, measure: string, combine: string): string {
  return [
    `SELECT window_start AS time, source, ${combine}(${quoteIdentifier(measure)}) AS ${quoteIdentifier(measure)}`,
    `FROM ${qualifiedName(database, servingViewName(view.name))}`,
    'WHERE $__timeFilter(window_start)',
    'GROUP BY time, source',
    'ORDER BY time',
  ].join('\n');
}
