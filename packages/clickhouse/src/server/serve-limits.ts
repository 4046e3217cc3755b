import { DEFAULT_HTTP_SERVER_LIMITS, type HttpServerLimits } from '@sluice/core';

/**
 * The served endpoint's timeouts and connection cap: the documented defaults,
 * with keep-alive as its `Keep-Alive: timeout=10` answers say, longer than the
 * client's idle-socket TTL (2.5 s by default) so it never reuses a socket the server is closing.
 */
export const SERVED_CLICKHOUSE_LIMITS: HttpServerLimits = Object.freeze({ ...DEFAULT_HTTP_SERVER_LIMITS, keepAliveTimeoutMs: 10_000 });
