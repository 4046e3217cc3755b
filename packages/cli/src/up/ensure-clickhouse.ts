import { join } from 'node:path';
import { parseClickHouseUrl, serveEmbeddedClickHouse, type ServedCredentials } from '@sluice/clickhouse';
import type { ClickHouseSettings, Logger } from '@sluice/core';
import { passwordFileOf, servedCredentials, servedLimits } from './served-credentials';

/** The ClickHouse `sluice up` points every process at. */
export interface ClickHouseForUp {
  /** The URL the workers, the dashboard and `sluice query` connect to. */
  readonly url: string;
  /** The credentials every process connects with, when this process serves the engine. */
  readonly credentials?: ServedCredentials;
  /** The 0600 file that keeps a generated password. */
  readonly passwordFile?: string;
  /** True on the start that generated the password, the one time it is shown. */
  readonly passwordGenerated?: boolean;
  /** Where the data stays, for the goodbye message. */
  readonly dataPath?: string;
  release(): Promise<void>;
}

/**
 * For `embedded:PATH` this process owns the chDB directory and serves it over
 * ClickHouse's HTTP interface, since only one process may open it; every
 * worker connects by URL with the endpoint's credentials (the configured
 * password, or one generated on first start and kept 0600 beside the data).
 * A server URL is used as it is.
 */
export async function ensureClickHouse(settings: ClickHouseSettings, port: number, dataDir: string, logger: Logger): Promise<ClickHouseForUp> {
  const target = parseClickHouseUrl(settings.url);
  if (target.kind === 'server') return { url: settings.url, release: async () => undefined };
  const path = target.kind === 'memory' ? ':memory:' : target.path;
  const generatedFile = target.kind === 'memory' ? join(dataDir, 'clickhouse.password') : passwordFileOf(target.path);
  const { credentials, generated, file } = await servedCredentials(settings, { generatedFile });
  const server = await serveEmbeddedClickHouse({
    path,
    database: settings.database,
    port,
    credentials,
    allowedHosts: settings.serve.allowedHosts,
    limits: servedLimits(settings.serve),
    logger: logger.child('clickhouse'),
  });
  logger.info('serving the embedded ClickHouse', { url: server.url, path: server.path, user: credentials.user });
  return {
    url: server.url,
    credentials,
    passwordGenerated: generated,
    ...(file === undefined ? {} : { passwordFile: file }),
    ...(target.kind === 'memory' ? {} : { dataPath: server.path }),
    release: () => server.stop(),
  };
}
