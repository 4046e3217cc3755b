import { readFile } from 'node:fs/promises';
import { ConfigError, type IngestSettings } from '@sluice/core';

/** The certificate chain and key of `ingest.tls`, read once at start; undefined serves plain HTTP. */
export async function readIngestTls(settings: IngestSettings): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (settings.tls === undefined) return undefined;
  const read = (field: 'certFile' | 'keyFile', path: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError([{ path: `ingest.tls.${field}`, value: path, message: `cannot be read (${error.code ?? error.message})` }], 'ingest');
    });
  const [cert, key] = await Promise.all([read('certFile', settings.tls.certFile), read('keyFile', settings.tls.keyFile)]);
  return { cert, key };
}
