import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A throwaway CA and a server certificate it signed, for 127.0.0.1 and localhost. */
export interface TestCertificates {
  /** PEM of the CA, what clients trust (`caFile`). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** PKCS#12 keystore with the server key and chain, for Java servers (Kafka). */
  readonly keystoreFile: string;
  readonly keystorePassword: string;
}

/** Generates the CA and the server certificate with openssl into `dir`. */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=sluice-test-ca');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
  await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'));
  const keystorePassword = 'keystore-pass';
  openssl('pkcs12', '-export', '-in', file('server.pem'), '-inkey', file('server.key'), '-certfile', file('ca.pem'), '-out', file('server.p12'), '-passout', `pass:${keystorePassword}`);
  return { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server.key'), keystoreFile: file('server.p12'), keystorePassword };
}
