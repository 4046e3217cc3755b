import { readFileSync } from 'node:fs';
import { SluiceError, type KafkaSaslSettings, type KafkaTlsSettings } from '@sluice/core';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';

/** kafkajs's TLS options for `kafka.ssl`: the PEM files read once, when the client is made. */
export function tlsOptions(ssl: KafkaTlsSettings): ConnectionOptions {
  return {
    rejectUnauthorized: ssl.rejectUnauthorized,
    ...(ssl.caFile === undefined ? {} : { ca: [readPem(ssl.caFile, 'kafka.ssl.caFile')] }),
    ...(ssl.certFile === undefined ? {} : { cert: readPem(ssl.certFile, 'kafka.ssl.certFile') }),
    ...(ssl.keyFile === undefined ? {} : { key: readPem(ssl.keyFile, 'kafka.ssl.keyFile') }),
  };
}

/** kafkajs's SASL options for `kafka.sasl`. */
export function saslOptions(sasl: KafkaSaslSettings): SASLOptions {
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}

function readPem(path: string, key: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SluiceError('KAFKA_TLS_FILE_UNREADABLE', `${key} ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}
