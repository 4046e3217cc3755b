import { httpServerOptions, type HttpServerLimits } from '@sluice/core';

/**
 * The fastify options that hold its server to `ingest.http`: fastify sets the
 * request and keep-alive timeouts itself after making the server, so they are
 * given to it too; the rest go to node:http's `createServer` through `http`.
 * maxConnections and maxHeadersCount are set on `app.server` (applyServerLimits).
 */
export function fastifyLimits(limits: HttpServerLimits): { http: ReturnType<typeof httpServerOptions>; requestTimeout: number; keepAliveTimeout: number } {
  return { http: httpServerOptions(limits), requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs };
}
