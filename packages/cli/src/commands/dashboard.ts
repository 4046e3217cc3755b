import { clickHouseStorage, createClickHouse } from '@sluice/clickhouse';
import { createLogger } from '@sluice/core';
import { startDashboard } from '@sluice/dashboard';
import { jsonLineSink, loadPipelineFile, stopOnSignals } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** `sluice dashboard -c FILE`: the web dashboard against the configured ClickHouse, embedded or server. */
export const dashboardCommand: Command = {
  name: ['dashboard'],
  summary: 'serve the web dashboard over the configured ClickHouse',
  usage: 'dashboard -c sluice.yaml [--port P]',
  options: { ...configOption, port: { type: 'string' } },
  async run({ options, stdout, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const logger = createLogger({ module: 'dashboard', sink: jsonLineSink() });
    const clickhouse = await createClickHouse(config.clickhouse);
    const port = options['port'] === undefined ? config.dashboard.port : Number(options['port']);
    const dashboard = await startDashboard({ config, storage: clickHouseStorage(clickhouse), logger, port });
    stdout.write(`dashboard: ${dashboard.url}\n`);
    await stopOnSignals({
      stop: async () => {
        await dashboard.close();
        await clickhouse.close();
      },
    });
    return 0;
  },
};
