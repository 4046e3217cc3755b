import { parseClickHouseUrl, serveEmbeddedClickHouse } from '@sluice/clickhouse';
import type { ClickHouseSettings, Logger } from '@sluice/core';

/** The ClickHouse `sluice up` points every process at. */
export interface ClickHouseForUp {
  /** The URL the workers, the dashboard and `sluice query` connect to. */
  readonly url: string;
  /** Where the data stays, for the goodbye message. */
  readonly dataPath?: string;
  release(): Promise<void>;
}

/**
 * For `embedded:PATH` this process owns the chDB directory and serves it over
 * ClickHouse's HTTP interface, since only one process may open it; every
 * worker connects by URL. A server URL is used as it is.
 */
export async function ensureClickHouse(settings: ClickHouseSettings, port: number, logger: Logger): Promise<ClickHouseForUp> {
  const target = parseClickHouseUrl(settings.url);
  if (target.kind === 'server') return { url: settings.url, release: async () => undefined };
  const server = await serveEmbeddedClickHouse({
    path: target.kind === 'memory' ? ':memory:' : target.path,
    database: settings.database,
    port,
    logger: logger.child('clickhouse'),
  });
  logger.info('serving the embedded ClickHouse', { url: server.url, path: server.path });
  return {
    url: server.url,
    ...(target.kind === 'memory' ? {} : { dataPath: server.path }),
    release: () => server.stop(),
  };
}
