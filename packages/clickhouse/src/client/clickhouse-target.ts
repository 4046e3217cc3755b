import { resolve } from 'node:path';
import { SluiceError } from '@sluice/core';

/** Where a `clickhouse.url` points: a data directory, a throw-away in-memory engine, or a server. */
export type ClickHouseTarget =
  | { readonly kind: 'embedded'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'server'; readonly url: string };

/**
 * Reads `embedded:PATH` (relative to `cwd`), `embedded:memory` or `http(s)://...`.
 * Anything else is refused with the forms that are allowed.
 */
export function parseClickHouseUrl(url: string, cwd: string = process.cwd()): ClickHouseTarget {
  if (url === 'embedded:memory' || url === 'embedded::memory:') return { kind: 'memory' };
  if (url.startsWith('embedded:')) {
    const path = url.slice('embedded:'.length);
    if (path.trim() === '') throw invalid(url, 'embedded: needs a directory path');
    return { kind: 'embedded', path: resolve(cwd, path) };
  }
  if (/^https?:\/\//i.test(url)) {
    try {
      new URL(url);
    } catch (error) {
      throw invalid(url, `not a valid URL (${(error as Error).message})`);
    }
    return { kind: 'server', url };
  }
  throw invalid(url, 'unknown scheme');
}

function invalid(url: string, reason: string): SluiceError {
  return new SluiceError('CLICKHOUSE_URL_INVALID', `clickhouse.url ${JSON.stringify(url)}: ${reason}; use embedded:PATH, embedded:memory or http(s)://host:port`);
}
