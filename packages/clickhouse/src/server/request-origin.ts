import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Why a request must be refused because of where it claims to come from, or
 * undefined. A `Host` other than a loopback name (or a configured one) with
 * the server's port is refused, so a DNS-rebound page cannot reach the
 * endpoint under its own name; any `Origin` other than the server's own is
 * refused, so no web page the operator opens can send statements to it.
 */
export function foreignRequestReason(headers: IncomingMessage['headers'], port: number, allowedHosts: readonly string[]): string | undefined {
  const hosts = [...LOOPBACK_NAMES, ...allowedHosts].map((name) => `${name.toLowerCase()}:${port}`);
  const host = (headers.host ?? '').toLowerCase();
  if (!hosts.includes(host)) return `Host ${JSON.stringify(host.slice(0, 100))} is not one this endpoint serves (${hosts.join(', ')})`;
  const origin = headers.origin;
  if (origin !== undefined && !hosts.some((allowed) => origin.toLowerCase() === `http://${allowed}`)) {
    return `requests from the web origin ${JSON.stringify(origin.slice(0, 100))} are not accepted`;
  }
  return undefined;
}
