import { clickHouseStorage, createClickHouse } from '@sluice/clickhouse';
import { createLogger, readerClickHouseSettings, secretsOf } from '@sluice/core';
import { startDashboard } from '@sluice/dashboard';
import { jsonLineSink, serviceWorker } from '@sluice/runtime';
import type { Command } from '../command';
import { runRole } from './role';
import { configOption } from './shared-options';

/** `sluice dashboard -c FILE`: the web dashboard against the configured ClickHouse, embedded or server. */
export const dashboardCommand: Command = {
  name: ['dashboard'],
  summary: 'serve the web dashboard over the configured ClickHouse',
  usage: 'dashboard -c sluice.yaml [--port P]',
  options: { ...configOption, port: { type: 'string' } },
  run: (context) =>
    runRole(context, 'dashboard', async (config) => {
      const logger = createLogger({ module: 'dashboard', sink: jsonLineSink(context.stderr), secrets: secretsOf(config) });
      const clickhouse = await createClickHouse(readerClickHouseSettings(config.clickhouse));
      const port = context.options['port'] === undefined ? config.dashboard.port : Number(context.options['port']);
      // The dashboard answers /healthz on its own port, so runWorker serves no ops port.
      const worker = serviceWorker({
        name: 'dashboard',
        start: () => startDashboard({ config, storage: clickHouseStorage(clickhouse), logger, port }),
        stop: (dashboard) => dashboard.close(),
      });
      return { worker, logger, announce: { running: () => `dashboard: ${worker.service?.url}` }, release: () => clickhouse.close() };
    }),
};
