import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainPending } from 'chdb';
import { createClickHouse, serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';

/**
 * ClickHouse over TLS with client certificates, as a managed server runs it:
 * the served embedded engine behind a TLS listener that asks every client for
 * a certificate signed by the test CA, with certificates made by openssl.
 */
describe('createClickHouse over https with clickhouse.caFile, certFile and keyFile', () => {
  const credentials = { user: 'default', password: 'tls-test-password' };
  let dir: string;
  let engine: EmbeddedClickHouseServer;
  let tls: Server;
  let url: string;
  const files = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ch-tls-'));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=sluice-test-ca');
    await writeFile(files('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    for (const [name, ext] of [['server', ['-extfile', 'server.ext']], ['client', []]] as const) {
      openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', ...ext);
    }
    engine = await serveEmbeddedClickHouse({ path: ':memory:', port: 0, database: 'shop', credentials });
    const upstream = new URL(engine.url);
    tls = createServer(
      { key: await readFile(files('server.key')), cert: await readFile(files('server.pem')), ca: await readFile(files('ca.pem')), requestCert: true, rejectUnauthorized: true },
      (incoming, outgoing) => {
        const forwarded = request({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } }, (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        });
        forwarded.on('error', () => outgoing.destroy());
        incoming.pipe(forwarded);
      },
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    tls.closeAllConnections();
    await new Promise((resolve) => tls.close(resolve));
    await engine.stop();
    await drainPending();
    await rm(dir, { recursive: true, force: true });
  });

  async function answer(settings: { caFile?: string; certFile?: string; keyFile?: string }): Promise<unknown> {
    const clickhouse = await createClickHouse({ url, database: 'shop', user: credentials.user, password: credentials.password, ...settings });
    try {
      const result = await clickhouse.client.query({ query: 'SELECT 42 AS answer', format: 'JSONEachRow' });
      return await result.json();
    } finally {
      await clickhouse.close();
    }
  }

  it('answers when the server is checked against caFile and the client shows its certificate', async () => {
    await expect(answer({ caFile: files('ca.pem'), certFile: files('client.pem'), keyFile: files('client.key') })).resolves.toEqual([{ answer: 42 }]);
  });

  it('refuses a server whose certificate does not chain to a trusted CA', async () => {
    await expect(answer({ certFile: files('client.pem'), keyFile: files('client.key') })).rejects.toThrow(/certificate/i);
  });

  it('is refused by a server that asks for a client certificate when none is configured', async () => {
    await expect(answer({ caFile: files('ca.pem') })).rejects.toThrow();
  });
});
