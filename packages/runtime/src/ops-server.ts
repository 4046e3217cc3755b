import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLimitedServer, DEFAULT_HTTP_SERVER_LIMITS, redactValue, type HttpServerLimits, type MetricsRegistry } from '@sluice/core';
import { recordProcessMetrics } from './process-metrics';

/** What a worker reports about itself on `/healthz` and `/readyz`. */
export interface HealthProbe {
  /** Alive: the process works and should not be restarted. */
  healthy(): boolean;
  /** Ready: its dependencies (Kafka, ClickHouse) answer, so it does useful work. */
  ready(): Promise<boolean>;
  /** Extra fields shown in both answers (state, partitions, lag). */
  details?(): Record<string, unknown>;
}

export interface OpsServer {
  /** The address it listens on: loopback unless a host was given. */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface OpsServerOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly metrics: MetricsRegistry;
  readonly probe: HealthProbe;
  /** Timeouts and connection cap; the documented defaults unless given. */
  readonly limits?: HttpServerLimits;
}

/** Serves `/healthz`, `/readyz` and Prometheus `/metrics` (the worker's, plus the process's memory) for one worker. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createLimitedServer(createServer, options.limits ?? DEFAULT_HTTP_SERVER_LIMITS, (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const respond = (status: number, body: unknown) => {
      // Details name endpoints; one with credentials in its URL must not hand them to whoever asks.
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(redactValue(body)));
    };
    if (path === '/metrics') {
      recordProcessMetrics(options.metrics);
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(options.metrics.render());
    } else if (path === '/healthz') {
      const healthy = options.probe.healthy();
      respond(healthy ? 200 : 503, { status: healthy ? 'ok' : 'unhealthy', ...options.probe.details?.() });
    } else if (path === '/readyz') {
      options.probe.ready().then(
        (ready) => respond(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...options.probe.details?.() }),
        (error: unknown) => respond(503, { status: 'not ready', error: (error as Error).message }),
      );
    } else {
      respond(404, { error: `no such endpoint ${path}; try /healthz, /readyz or /metrics` });
    }
  });
  await listen(server, options.port, options.host ?? '127.0.0.1');
  const { address, port } = server.address() as AddressInfo;
  return {
    host: address,
    port,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
