import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { SluiceError, type ClickHouseSettings } from '@sluice/core';

/** `@clickhouse/client`'s TLS options. */
export type ClickHouseTls = { ca_cert: Buffer } | { ca_cert: Buffer; cert: Buffer; key: Buffer };

/**
 * `@clickhouse/client`'s `tls` for the configured PEM files, read once when
 * the client is made; undefined when none is set (the system's CAs apply).
 * The client takes a client certificate only with a CA, so a certificate
 * without `caFile` is checked against Node's bundled CAs.
 */
export function serverTls(settings: Pick<ClickHouseSettings, 'caFile' | 'certFile' | 'keyFile'>): ClickHouseTls | undefined {
  const { caFile, certFile, keyFile } = settings;
  if (caFile === undefined && certFile === undefined && keyFile === undefined) return undefined;
  const ca_cert = caFile === undefined ? Buffer.from(rootCertificates.join('\n')) : readPem(caFile, 'clickhouse.caFile');
  if (certFile === undefined || keyFile === undefined) return { ca_cert };
  return { ca_cert, cert: readPem(certFile, 'clickhouse.certFile'), key: readPem(keyFile, 'clickhouse.keyFile') };
}

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SluiceError('CLICKHOUSE_TLS_FILE_UNREADABLE', `${key} ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}
