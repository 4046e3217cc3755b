import type { IncomingMessage } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';

/** The one user the served endpoint accepts. */
export interface ServedCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * The user and password of a request, read as ClickHouse's HTTP interface
 * reads them: the `X-ClickHouse-User` / `X-ClickHouse-Key` headers, HTTP basic
 * auth (what `@clickhouse/client` sends), or the `user` / `password` URL
 * parameters. Nothing given is the `default` user with an empty password.
 */
export function requestCredentials(url: URL, headers: IncomingMessage['headers']): ServedCredentials {
  const headerUser = single(headers['x-clickhouse-user']);
  if (headerUser !== undefined) return { user: headerUser, password: single(headers['x-clickhouse-key']) ?? '' };
  const basic = /^Basic\s+(\S+)\s*$/i.exec(single(headers.authorization) ?? '');
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? { user: decoded, password: '' } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { user: url.searchParams.get('user') ?? 'default', password: url.searchParams.get('password') ?? '' };
}

/** True when `given` is `expected`; compares digests in constant time, so the time taken says nothing about the password. */
export function credentialsMatch(expected: ServedCredentials, given: ServedCredentials): boolean {
  const userMatches = timingSafeEqual(digest(expected.user), digest(given.user));
  const passwordMatches = timingSafeEqual(digest(expected.password), digest(given.password));
  return userMatches && passwordMatches;
}

/** ClickHouse's answer to a failed login (AUTHENTICATION_FAILED, 516), naming the user but never the password. */
export function authenticationFailure(user: string): Error {
  const shown = user.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
  return new Error(`Code: 516. DB::Exception: ${shown}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)`);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
