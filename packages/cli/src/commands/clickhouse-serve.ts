import { createLogger, secretsOf } from '@sluice/core';
import { parseClickHouseUrl, serveEmbeddedClickHouse } from '@sluice/clickhouse';
import { jsonLineSink, serviceWorker } from '@sluice/runtime';
import type { Command } from '../command';
import { RoleSettingError, runRole } from './role';
import { configOption } from './shared-options';
import { generatedPasswordNote, isLoopbackHost, passwordFileOf, servedCredentials, servedLimits } from '../up/served-credentials';

/**
 * `sluice clickhouse serve -c FILE [--port P] [--host H] [--user U] [--password-file F]`:
 * owns the embedded ClickHouse directory of the config and serves it over
 * ClickHouse's HTTP interface until SIGTERM or SIGINT. Every request must log
 * in: with the password from --password-file, else clickhouse.password (or
 * SLUICE_CLICKHOUSE_PASSWORD), else one generated on first start and kept
 * 0600 beside the data directory. Serving beyond loopback needs a password
 * given on purpose.
 */
export const clickhouseServeCommand: Command = {
  name: ['clickhouse', 'serve'],
  summary: 'own the embedded ClickHouse and serve it over ClickHouse HTTP, with a password',
  usage: 'clickhouse serve -c sluice.yaml [--port 8123] [--host 127.0.0.1] [--user default] [--password-file FILE]',
  options: {
    ...configOption,
    port: { type: 'string', default: '8123' },
    host: { type: 'string', default: '127.0.0.1' },
    user: { type: 'string' },
    'password-file': { type: 'string' },
  },
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
      const host = String(options['host']);
      const passwordFile = typeof options['password-file'] === 'string' ? options['password-file'] : undefined;
      const configured = passwordFile !== undefined || (config.clickhouse.password ?? '') !== '';
      if (!isLoopbackHost(host) && !configured) {
        throw new RoleSettingError(
          `--host ${host} serves beyond this machine; give the endpoint a password first (--password-file FILE, clickhouse.password or SLUICE_CLICKHOUSE_PASSWORD)`,
        );
      }
      const logger = createLogger({ module: 'clickhouse.serve', sink: jsonLineSink(context.stderr), secrets: secretsOf(config) });
      const path = target.kind === 'memory' ? ':memory:' : target.path;
      const { database } = config.clickhouse;
      const user = typeof options['user'] === 'string' ? options['user'] : undefined;
      const resolved = await servedCredentials(config.clickhouse, {
        ...(user === undefined ? {} : { user }),
        ...(passwordFile === undefined ? {} : { passwordFile }),
        ...(target.kind === 'memory' ? {} : { generatedFile: passwordFileOf(target.path) }),
      });
      const { credentials } = resolved;
      // The endpoint answers ClickHouse's own /ping, which clients and health checks use, so runWorker serves no ops port.
      const worker = serviceWorker({
        name: 'clickhouse',
        start: () =>
          serveEmbeddedClickHouse({ path, host, port, database, credentials, allowedHosts: config.clickhouse.serve.allowedHosts, limits: servedLimits(config.clickhouse.serve), logger }),
        stop: (server) => server.stop(),
      });
      const what = target.kind === 'memory' ? 'an in-memory ClickHouse' : path;
      const login = resolved.generated
        ? `user ${credentials.user}, password ${credentials.password} (${generatedPasswordNote(resolved.file)})`
        : `user ${credentials.user}${resolved.file ? `, password in ${resolved.file}` : ''}`;
      return {
        worker,
        logger,
        announce: { running: () => `serving ${what} at ${worker.service?.url} (database ${database}; ${login})`, stopped: () => 'stopped' },
      };
    }),
};
