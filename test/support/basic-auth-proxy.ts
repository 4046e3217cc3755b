import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/** An HTTPS reverse proxy that lets only one basic-auth user through to a real HTTP server. */
export interface BasicAuthProxy {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** For a registry that cannot require basic auth itself: TLS and the login here, everything else by the real server behind. */
export async function startBasicAuthProxy(options: {
  readonly target: string;
  readonly username: string;
  readonly password: string;
  readonly certPem: string;
  readonly keyPem: string;
}): Promise<BasicAuthProxy> {
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const target = new URL(options.target);
  // The registry's API may live under a path (Apicurio's ccompat API does); the proxy serves it at its root.
  const basePath = target.pathname.replace(/\/$/, '');
  const server: Server = createServer({ cert: options.certPem, key: options.keyPem }, (incoming, answer) => {
    if (incoming.headers.authorization !== expected) {
      answer.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="registry"' });
      answer.end(JSON.stringify({ error_code: 401, message: 'Unauthorized' }));
      return;
    }
    const { authorization: _dropped, ...headers } = incoming.headers;
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: `${basePath}${incoming.url ?? '/'}`, headers: { ...headers, host: target.host } },
      (upstream) => {
        answer.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(answer);
      },
    );
    forward.on('error', (error) => answer.writeHead(502).end(error.message));
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
