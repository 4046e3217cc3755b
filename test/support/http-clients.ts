import { connect, type Socket } from 'node:net';
import { waitFor } from './wait-for';

/** A raw client connection to an HTTP server, and what it received. */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent on it. */
  received(): string;
  /** Whether the connection is closed (by either side). */
  closed(): boolean;
  close(): void;
}

/** Opens a raw TCP connection to the host and port of `url`. */
export function openConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
  let data = '';
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
  socket.on('close', () => (isClosed = true));
  // A refused connection may end with a reset; that is the closing the tests look for.
  socket.on('error', () => (isClosed = true));
  const connection = { socket, received: () => data, closed: () => isClosed, close: () => void socket.destroy() };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(connection));
    socket.once('error', reject);
  });
}

/** A GET of `path` on a fresh connection that closes after it; answers the status. */
export async function getOnce(url: string, path: string): Promise<number> {
  const response = await fetch(new URL(path, url), { headers: { connection: 'close' } });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Opens a keep-alive connection and completes one GET on it, so the server
 * counts it as open but its headers timeout no longer runs; fails when the
 * server closed it without an answer (refused past its connection cap).
 */
export async function holdKeepAlive(url: string, path: string): Promise<RawConnection> {
  const connection = await openConnection(url);
  connection.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nConnection: keep-alive\r\n\r\n`);
  await waitFor(() => connection.received().includes('\r\n\r\n') || connection.closed(), { timeoutMs: 10_000, intervalMs: 10, what: 'an answer or a close' });
  if (!connection.received().startsWith('HTTP/1.1 ')) {
    connection.close();
    throw new Error('the server closed the connection without answering');
  }
  return connection;
}

/** A slowloris: sends a request's headers one byte at a time and never finishes them. */
export async function slowloris(url: string, path: string, byteEveryMs = 20): Promise<RawConnection> {
  const connection = await openConnection(url);
  const start = `GET ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nX-Slow: `;
  let sent = 0;
  const drip = setInterval(() => {
    if (connection.closed()) return clearInterval(drip);
    connection.socket.write(sent < start.length ? start[sent] ?? 'a' : 'a');
    sent += 1;
  }, byteEveryMs);
  connection.socket.on('close', () => clearInterval(drip));
  return connection;
}

/** The limits the server tests configure: short, so that the tests finish soon. */
export const SMALL_HTTP_LIMITS = {
  requestTimeoutMs: 2_000,
  headersTimeoutMs: 1_000,
  keepAliveTimeoutMs: 60_000,
  maxHeadersCount: 50,
  maxHeaderBytes: 4_096,
  maxConnections: 4,
} as const;

/** {@link SMALL_HTTP_LIMITS} as an `ingest.http` or `dashboard.http` config section. */
export const SMALL_HTTP_CONFIG = {
  requestTimeout: SMALL_HTTP_LIMITS.requestTimeoutMs,
  headersTimeout: SMALL_HTTP_LIMITS.headersTimeoutMs,
  keepAliveTimeout: SMALL_HTTP_LIMITS.keepAliveTimeoutMs,
  maxHeadersCount: SMALL_HTTP_LIMITS.maxHeadersCount,
  maxHeaderBytes: SMALL_HTTP_LIMITS.maxHeaderBytes,
  maxConnections: SMALL_HTTP_LIMITS.maxConnections,
} as const;

/**
 * Proves a server holds to {@link SMALL_HTTP_LIMITS}: past its connection cap a
 * new connection is closed unanswered; a slowloris is cut by the headers timeout
 * while normal requests keep being answered (with `status`, what `path` answers);
 * headers over the size limit get 431.
 */
export async function expectHttpLimitsHeld(url: string, path: string, status = 200): Promise<void> {
  // Fill the cap with answered keep-alive connections; a socket of an earlier request may still count, so retry.
  const held: RawConnection[] = [];
  while (held.length < SMALL_HTTP_LIMITS.maxConnections) held.push(await waitFor(() => holdKeepAlive(url, path), { timeoutMs: 10_000, what: 'a held connection' }));
  const refused = await openConnection(url).catch(() => undefined);
  if (refused !== undefined) {
    refused.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\n\r\n`);
    await waitFor(() => refused.closed() || refused.received().length > 0, { timeoutMs: 10_000, intervalMs: 10, what: 'the connection past the cap to close' });
    expect({ closed: refused.closed(), received: refused.received() }).toEqual({ closed: true, received: '' });
  }
  for (const connection of held) connection.close();
  // Once they are gone, the server answers again.
  expect(await waitFor(() => getOnce(url, path), { timeoutMs: 10_000, what: 'an answer after the held connections closed' })).toBe(status);

  const loris = await slowloris(url, path);
  const answers: (number | string)[] = [];
  await waitFor(
    async () => {
      answers.push(await getOnce(url, path).catch((error: unknown) => String(error)));
      return loris.closed();
    },
    { timeoutMs: 20_000, intervalMs: 50, what: 'the headers timeout to cut the slowloris' },
  );
  expect(answers.length).toBeGreaterThan(0);
  expect(answers.filter((answer) => answer !== status)).toEqual([]);
  expect(loris.received()).toMatch(/^(HTTP\/1\.1 408|$)/);

  const big = await openConnection(url);
  big.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nX-Big: ${'b'.repeat(SMALL_HTTP_LIMITS.maxHeaderBytes)}\r\n\r\n`);
  await waitFor(() => big.closed(), { timeoutMs: 10_000, intervalMs: 10, what: 'the server to close a request with too large headers' });
  expect(big.received()).toMatch(/^HTTP\/1\.1 431/);
}
