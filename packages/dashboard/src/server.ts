import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createLimitedServer, qualifiedName, quoteString, reconcileTableName, type Logger, type PipelineConfig, type ServingReader, type StoreProbe, type TableUsageReader } from '@sluice/core';
import { basicAuthGate } from './basic-auth';
import { probeWorkers, workerEndpoints, type WorkerHealth } from './health';
import { applySecurityHeaders } from './security-headers';
import { seriesQuery } from './series-query';
import { compactorMetricsUrl, readStorageUsage } from './storage-usage';

/** What the dashboard reads through: SELECTs on the serving views and reports, table sizes, and whether the store answers. */
export interface DashboardStorage {
  readonly reader: ServingReader;
  readonly probe: StoreProbe;
  readonly usage: TableUsageReader;
}

export interface DashboardOptions {
  readonly config: PipelineConfig;
  readonly storage: DashboardStorage;
  readonly logger: Logger;
  readonly host?: string;
  /** 0 picks a free port; defaults to config.dashboard.port. */
  readonly port?: number;
  /** How many windows each chart shows. */
  readonly windows?: number;
  /** Where the workers answer `/healthz`; defaults to this machine's ports from the config. */
  readonly workers?: readonly { role: string; url: string }[];
  /** Where the compactor publishes the topics' sizes; defaults to this machine's compactor ops port. */
  readonly compactorMetrics?: string;
}

export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

const ASSETS = join(__dirname, '..', 'assets');
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: join(ASSETS, 'index.html'), type: 'text/html; charset=utf-8' },
  '/assets/app.js': { file: join(ASSETS, 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/assets/style.css': { file: join(ASSETS, 'style.css'), type: 'text/css; charset=utf-8' },
  '/assets/chart.js': { file: CHART_JS, type: 'text/javascript; charset=utf-8' },
};

/** Serves the dashboard page and the JSON it refreshes from, against any ClickHouse (embedded or server). */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { config, storage, logger } = options;
  const database = config.clickhouse.database;
  const windows = options.windows ?? 60;
  const endpoints = options.workers ?? workerEndpoints(config);
  const topicSizesUrl = options.compactorMetrics ?? compactorMetricsUrl(config);

  const queryRows = (query: string) => storage.reader.rows(query);

  const api: Record<string, (params: URLSearchParams) => Promise<unknown>> = {
    '/api/views': async () =>
      config.views.map((view) => ({
        name: view.name,
        window: view.window,
        latenessMs: view.latenessMs,
        groupBy: view.groupBy,
        measures: view.measures.map(({ name, kind }) => ({ name, kind })),
      })),
    '/api/series': async (params) => {
      const view = config.views.find((candidate) => candidate.name === params.get('view'));
      if (!view) throw new HttpError(404, `no view named ${params.get('view') ?? '(none)'}`);
      return { view: view.name, points: await queryRows(seriesQuery(database, view, windows)) };
    },
    '/api/reconcile': async (params) => {
      const view = config.views.find((candidate) => candidate.name === params.get('view'));
      if (!view) throw new HttpError(404, `no view named ${params.get('view') ?? '(none)'}`);
      const table = reconcileTableName(view.name);
      const exists = await queryRows(
        `SELECT 1 FROM system.tables WHERE database = ${quoteString(database)} AND name = ${quoteString(table)}`,
      );
      if (exists.length === 0) return { view: view.name, rows: [] };
      return { view: view.name, rows: await queryRows(`SELECT * FROM ${qualifiedName(database, table)} ORDER BY 1 DESC LIMIT 50`) };
    },
    '/api/storage': () => readStorageUsage(config, storage.usage, topicSizesUrl),
    '/api/health': async () => {
      const [clickhouseStatus, workers] = await Promise.all([pingClickHouse(storage.probe), probeWorkers(endpoints)]);
      return { clickhouse: clickhouseStatus, workers: workers satisfies WorkerHealth[] };
    },
  };

  const gate = config.dashboard.auth ? basicAuthGate(config.dashboard.auth.users) : undefined;
  const server = createLimitedServer(createServer, config.dashboard.http, (request, response) => {
    applySecurityHeaders(response);
    // /healthz stays open for the container health check; it tells nothing about the data.
    if (gate && request.url?.split('?')[0] !== '/healthz' && !gate(request, response)) return;
    handle(request, response, api).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) logger.warn('dashboard request failed', { url: request.url, error });
      send(response, status, 'application/json', JSON.stringify({ error: (error as Error).message }));
    });
  });
  const host = options.host ?? config.dashboard.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.dashboard.port, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}/`;
  logger.info('dashboard serving', { url });
  return {
    url,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function handle(request: IncomingMessage, response: ServerResponse, api: Record<string, (params: URLSearchParams) => Promise<unknown>>) {
  const url = new URL(request.url ?? '/', 'http://dashboard');
  const asset = STATIC[url.pathname];
  if (asset) return send(response, 200, asset.type, await readFile(asset.file));
  if (url.pathname === '/healthz') return send(response, 200, 'application/json', '{"status":"ok"}');
  const handler = api[url.pathname];
  if (!handler) throw new HttpError(404, `no such page ${url.pathname}`);
  return send(response, 200, 'application/json', JSON.stringify(await handler(url.searchParams)));
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

async function pingClickHouse(probe: StoreProbe): Promise<{ status: 'ok' | 'unreachable'; error?: string }> {
  const result = await probe.ping();
  return result.reachable ? { status: 'ok' } : { status: 'unreachable', error: result.error };
}
