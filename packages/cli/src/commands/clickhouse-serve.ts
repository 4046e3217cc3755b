import { createLogger } from '@sluice/core';
import { parseClickHouseUrl, serveEmbeddedClickHouse } from '@sluice/clickhouse';
import { jsonLineSink, loadPipelineFile, stopOnSignals } from '@sluice/runtime';
import type { Command } from '../command';
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
  async run({ options, stdout, stderr, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const port = Number(options['port']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      stderr.write(`clickhouse serve: --port must be an integer from 0 to 65535 (got ${String(options['port'])})\n`);
      return 2;
    }
    const target = parseClickHouseUrl(config.clickhouse.url);
    if (target.kind === 'server') {
      stderr.write(
        `clickhouse serve: clickhouse.url is ${target.url}, a ClickHouse server; only an embedded engine (embedded:PATH or embedded:memory) is served. Connect to the server directly.\n`,
      );
      return 2;
    }
    const logger = createLogger({ module: 'clickhouse.serve', sink: jsonLineSink(stderr) });
    const path = target.kind === 'memory' ? ':memory:' : target.path;
    const server = await serveEmbeddedClickHouse({ path, host: String(options['host']), port, database: config.clickhouse.database, logger });
    stdout.write(`serving ${target.kind === 'memory' ? 'an in-memory ClickHouse' : path} at ${server.url} (database ${config.clickhouse.database})\n`);
    await stopOnSignals(server);
    stdout.write('stopped\n');
    return 0;
  },
};
