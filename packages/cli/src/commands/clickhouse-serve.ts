import { createLogger, secretsOf } from '@sluice/core';
import { parseClickHouseUrl, serveEmbeddedClickHouse } from '@sluice/clickhouse';
import { jsonLineSink, serviceWorker } from '@sluice/runtime';
import type { Command } from '../command';
import { RoleSettingError, runRole } from './role';
import { configOption } from './shared-options';

/**
 * `sluice clickhouse serve -c FILE [--port P]`: owns the embedded ClickHouse
 * directory of the config and serves it over ClickHouse's HTTP interface on
 * loopback until SIGTERM or SIGINT.
 */
export const clickhouseServeCommand: Command = {
  name: ['clickhouse', 'serve'],
  summary: 'own the embedded ClickHouse and serve it over ClickHouse HTTP on loopback',
  usage: 'clickhouse serve -c sluice.yaml [--port 8123] [--host 127.0.0.1]',
  options: { ...configOption, port: { type: 'string', default: '8123' }, host: { type: 'string', default: '127.0.0.1' } },
  run: (context) =>
    runRole(context, 'clickhouse serve', async (config) => {
      const { options } = context;
      const port = Number(options['port']);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new RoleSettingError(`--port must be an integer from 0 to 65535 (got ${String(options['port'])})`);
      }
      const target = parseClickHouseUrl(config.clickhouse.url);
      if (target.kind === 'server') {
        throw new RoleSettingError(
          `clickhouse.url is ${target.url}, a ClickHouse server; only an embedded engine (embedded:PATH or embedded:memory) is served. Connect to the server directly.`,
        );
      }
      const logger = createLogger({ module: 'clickhouse.serve', sink: jsonLineSink(context.stderr), secrets: secretsOf(config) });
      const path = target.kind === 'memory' ? ':memory:' : target.path;
      const { database } = config.clickhouse;
      // The endpoint answers ClickHouse's own /ping, which clients and health checks use, so runWorker serves no ops port.
      const worker = serviceWorker({
        name: 'clickhouse',
        start: () => serveEmbeddedClickHouse({ path, host: String(options['host']), port, database, logger }),
        stop: (server) => server.stop(),
      });
      const what = target.kind === 'memory' ? 'an in-memory ClickHouse' : path;
      return { worker, logger, announce: { running: () => `serving ${what} at ${worker.service?.url} (database ${database})`, stopped: () => 'stopped' } };
    }),
};
