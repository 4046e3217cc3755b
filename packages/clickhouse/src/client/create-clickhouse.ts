import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { ClickHouseSettings } from '@sluice/core';
import { openFailure } from '../engine/open-failure';
import { EmbeddedConnection } from './embedded-connection';
import { parseClickHouseUrl } from './clickhouse-target';
import { isProcessAlive, readServeFile, type ServeFile } from './serve-file';
import { ensureDatabase } from './ensure-database';
import { serverTls } from './server-tls';

/** How a ClickHouse handle reaches the engine. */
export type ClickHouseMode =
  /** chDB in this process. */
  | 'embedded'
  /** An embedded directory owned by another process, over its loopback HTTP endpoint. */
  | 'served'
  /** A ClickHouse server. */
  | 'server';

/** A stock `@clickhouse/client` client and how it reaches the engine. */
export interface ClickHouse {
  readonly client: ClickHouseClient;
  readonly mode: ClickHouseMode;
  readonly database: string;
  /** Where it connects, for logs: a data directory, `memory`, or an HTTP URL. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface CreateClickHouseOptions {
  /** Create the configured database if it does not exist yet. */
  readonly ensureDatabase?: boolean;
  /** Resolves a relative `embedded:PATH`. */
  readonly cwd?: string;
  /**
   * Passed through to `createClient` (request_timeout, compression, clickhouse_settings, ...).
   * The client's own logging is off unless `log` is given: failures reach the caller, who logs them.
   */
  readonly client?: Omit<ClickHouseClientConfigOptions, 'url' | 'username' | 'password' | 'database' | 'connection'>;
}

/**
 * One client both ways. `http(s)://` connects to a server with user, password,
 * database and the TLS files (`caFile`, `certFile`, `keyFile`). `embedded:memory` runs chDB in this process. `embedded:PATH`
 * connects over HTTP to the process that owns PATH when its serve file names
 * a live owner, and otherwise opens chDB in this process (and so owns PATH).
 */
export async function createClickHouse(settings: Omit<ClickHouseSettings, 'serve'>, given: CreateClickHouseOptions = {}): Promise<ClickHouse> {
  const options = { ...given, client: { log: { level: ClickHouseLogLevel.OFF }, ...given.client } };
  const target = parseClickHouseUrl(settings.url, options.cwd);
  const clickhouse = await open(settings, target, options);
  if (options.ensureDatabase) {
    // Opened after the real handle, so an in-memory engine stays bound when this one closes.
    const bootstrap = await open({ ...settings, database: 'default' }, target, options);
    try {
      await ensureDatabase(bootstrap.client, settings.database);
    } catch (error) {
      await clickhouse.close();
      throw error;
    } finally {
      await bootstrap.close();
    }
  }
  return clickhouse;
}

async function open(settings: Omit<ClickHouseSettings, 'serve'>, target: ReturnType<typeof parseClickHouseUrl>, options: CreateClickHouseOptions): Promise<ClickHouse> {
  const { database } = settings;
  if (target.kind === 'server') {
    const tls = serverTls(settings);
    const client = createClient({ ...options.client, url: target.url, username: settings.user ?? 'default', password: settings.password ?? '', database, ...(tls ? { tls } : {}) });
    return handle(client, 'server', database, target.url);
  }
  if (target.kind === 'memory') return handle(embeddedClient(':memory:', database, options), 'embedded', database, 'memory');
  const owner = await liveOwner(target.path);
  if (owner) {
    const credentials = owner.user === undefined ? {} : { username: owner.user, password: owner.password ?? '' };
    const client = createClient({ ...options.client, url: owner.url, database, ...credentials });
    return handle(client, 'served', database, owner.url);
  }
  return handle(openEmbedded(target.path, database, options), 'embedded', database, target.path);
}

function handle(client: ClickHouseClient, mode: ClickHouseMode, database: string, endpoint: string): ClickHouse {
  return { client, mode, database, endpoint, close: () => client.close() };
}

function embeddedClient(path: string, database: string, options: CreateClickHouseOptions): ClickHouseClient {
  return createClient({ ...options.client, database, connection: new EmbeddedConnection(path, database) });
}

function openEmbedded(path: string, database: string, options: CreateClickHouseOptions): ClickHouseClient {
  try {
    return embeddedClient(path, database, options);
  } catch (error) {
    throw openFailure(path, error, 'it does not serve it (no live serve file); run `sluice clickhouse serve` or `sluice up` as the owner, or point clickhouse.url at a server');
  }
}

/** The serve file's owner (where it serves, with which credentials), when it is another process that is alive and answers /ping. */
async function liveOwner(path: string): Promise<Pick<ServeFile, 'url' | 'user' | 'password'> | undefined> {
  const serve = await readServeFile(path);
  if (!serve || serve.pid === process.pid || !isProcessAlive(serve.pid)) return undefined;
  try {
    const response = await fetch(new URL('/ping', serve.url), { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok ? serve : undefined;
  } catch (error) {
    // A pid that outlived its server (or was reused) is no owner; opening the directory decides.
    if (error instanceof Error) return undefined;
    throw error;
  }
}
