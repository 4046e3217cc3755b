import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { grafanaDashboard } from '@sluice/dashboard';
import { loadPipelineFile } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** `sluice grafana -c FILE [--out DIR]`: Grafana dashboards for the official ClickHouse datasource, from the views. */
export const grafanaCommand: Command = {
  name: ['grafana'],
  summary: 'write Grafana dashboards (ClickHouse datasource) generated from the views',
  usage: 'grafana -c sluice.yaml [--out DIR] [--datasource UID]',
  options: {
    ...configOption,
    out: { type: 'string', default: 'grafana' },
    datasource: { type: 'string', default: 'sluice-clickhouse' },
  },
  async run({ options, stdout, env }) {
    const config = await loadPipelineFile(String(options['config']), env, { readSecrets: false });
    const dashboard = grafanaDashboard(config, { datasourceUid: String(options['datasource']) });
    const out = String(options['out']);
    await mkdir(out, { recursive: true });
    const path = join(out, `sluice-${config.name}.json`);
    await writeFile(path, `${JSON.stringify(dashboard, null, 2)}\n`);
    stdout.write(`wrote ${path}: ${config.views.length} views, datasource uid ${String(options['datasource'])}\n`);
    return 0;
  },
};
