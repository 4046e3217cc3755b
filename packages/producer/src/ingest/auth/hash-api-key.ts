import { createHash } from 'node:crypto';

/** The lowercase hex SHA-256 of an API key: the form `ingest.apiKeys[].sha256` stores. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
