import type { HttpServerLimits } from '../config/types';

/** The options node:http's `createServer` takes for these limits. */
export interface HttpServerOptions {
  readonly requestTimeout: number;
  readonly headersTimeout: number;
  readonly keepAliveTimeout: number;
  readonly maxHeaderSize: number;
  readonly connectionsCheckingInterval: number;
}

/** What of a node:http server the limits are set on after it is made. */
export interface LimitableServer {
  maxHeadersCount: number | null;
  maxConnections: number;
}

/** Longest pause between node:http's checks of request and headers timeouts (its own default). */
const MAX_CHECK_INTERVAL_MS = 30_000;

/**
 * The createServer options for `limits`. node:http checks its timeouts every
 * `connectionsCheckingInterval`, so that is half the headers timeout: a slow
 * client is cut within one and a half times the limit, not up to 30 s later.
 */
export function httpServerOptions(limits: HttpServerLimits): HttpServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: Math.max(1, Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(limits.headersTimeoutMs / 2))),
  };
}

/**
 * Makes an HTTP server that holds to `limits`, with the factory the caller
 * passes (node:http's `createServer`), since core does no I/O itself.
 */
export function createLimitedServer<Handler, Server extends LimitableServer>(
  create: (options: HttpServerOptions, handler: Handler) => Server,
  limits: HttpServerLimits,
  handler: Handler,
): Server {
  const server = create(httpServerOptions(limits), handler);
  applyServerLimits(server, limits);
  return server;
}

/** Sets the limits a node:http server takes as properties, on a server made elsewhere (fastify's). */
export function applyServerLimits(server: LimitableServer, limits: HttpServerLimits): void {
  server.maxHeadersCount = limits.maxHeadersCount;
  server.maxConnections = limits.maxConnections;
}
