import { createHash, scryptSync, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DashboardUser } from '@sluice/core';

const CHALLENGE = 'Basic realm="sluice dashboard", charset="UTF-8"';
const SCRYPT_OPTIONS = { N: 16_384, r: 8, p: 1 } as const;
/** Headers already verified, by their SHA-256, so that scrypt runs once per login and not on every refresh. */
const VERIFIED_CACHE_SIZE = 64;

/**
 * HTTP basic authentication against `dashboard.auth.users`. Answers 401 with
 * a challenge and returns false when the request does not carry a valid login.
 */
export function basicAuthGate(users: readonly DashboardUser[]): (request: IncomingMessage, response: ServerResponse) => boolean {
  const verified = new Set<string>();
  return (request, response) => {
    const header = request.headers.authorization;
    const cacheKey = header === undefined ? undefined : sha256(Buffer.from(header, 'utf8'));
    if (cacheKey !== undefined && verified.has(cacheKey)) return true;
    const login = header === undefined ? undefined : parseBasic(header);
    if (login !== undefined && users.some((user) => matches(user, login))) {
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.add(cacheKey as string);
      return true;
    }
    response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': CHALLENGE }).end(JSON.stringify({ error: 'this dashboard needs a login' }));
    return false;
  };
}

/** `<salt hex>:<key hex>` for `dashboard.auth.users[].scrypt`. */
export function scryptPasswordHash(password: string, salt: Buffer): string {
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32, SCRYPT_OPTIONS).toString('hex')}`;
}

function parseBasic(header: string): { name: string; password: string } | undefined {
  const encoded = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header)?.[1];
  if (encoded === undefined) return undefined;
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

function matches(user: DashboardUser, login: { name: string; password: string }): boolean {
  const sameName = safeEqual(Buffer.from(sha256(Buffer.from(user.name)), 'hex'), Buffer.from(sha256(Buffer.from(login.name)), 'hex'));
  if (user.sha256 !== undefined) return safeEqual(Buffer.from(user.sha256, 'hex'), Buffer.from(sha256(Buffer.from(login.password, 'utf8')), 'hex')) && sameName;
  if (!sameName || user.scrypt === undefined) return false;
  const [salt, key] = user.scrypt.split(':') as [string, string];
  const expected = Buffer.from(key, 'hex');
  return safeEqual(expected, scryptSync(login.password, Buffer.from(salt, 'hex'), expected.length, SCRYPT_OPTIONS));
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
