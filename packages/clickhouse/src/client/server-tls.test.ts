import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SluiceError } from '@sluice/core';
import { serverTls } from './server-tls';

describe('ClickHouse server TLS options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-ch-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('passes nothing without files, the CA alone, or the CA with the client certificate and key', () => {
    expect(serverTls({})).toBeUndefined();
    const caFile = file('ca.pem', 'CA');
    expect(serverTls({ caFile })).toEqual({ ca_cert: Buffer.from('CA') });
    expect(serverTls({ caFile, certFile: file('c.pem', 'CERT'), keyFile: file('c.key', 'KEY') })).toEqual({
      ca_cert: Buffer.from('CA'),
      cert: Buffer.from('CERT'),
      key: Buffer.from('KEY'),
    });
  });

  it('checks a client certificate without caFile against the bundled CAs', () => {
    const tls = serverTls({ certFile: file('c2.pem', 'CERT'), keyFile: file('c2.key', 'KEY') });
    expect(tls?.ca_cert.toString()).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('names the key and the path of a file it cannot read', () => {
    expect(() => serverTls({ caFile: join(dir, 'missing.pem') })).toThrow(SluiceError);
    expect(() => serverTls({ caFile: join(dir, 'missing.pem') })).toThrow(/clickhouse\.caFile .*missing\.pem cannot be read/);
  });
});
