import type { z } from 'zod';
import { httpLimitsSchema } from './schema';
import type { HttpServerLimits } from './types';

/** The config shape of HTTP server limits (durations as `...Timeout`) as the servers take them. */
export function normalizeHttpLimits(raw: z.output<typeof httpLimitsSchema>): HttpServerLimits {
  return {
    requestTimeoutMs: raw.requestTimeout,
    headersTimeoutMs: raw.headersTimeout,
    keepAliveTimeoutMs: raw.keepAliveTimeout,
    maxHeadersCount: raw.maxHeadersCount,
    maxHeaderBytes: raw.maxHeaderBytes,
    maxConnections: raw.maxConnections,
  };
}

/** The limits of a server with no config section of its own (the ops servers, the served ClickHouse): the documented defaults. */
export const DEFAULT_HTTP_SERVER_LIMITS: HttpServerLimits = Object.freeze(normalizeHttpLimits(httpLimitsSchema.parse(undefined)));
