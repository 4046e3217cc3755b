import { readFile } from 'node:fs/promises';
import { ConfigError, parseApiKeyList, type IngestApiKey, type IngestSettings } from '@sluice/core';

/** The keys of `ingest.apiKeys` and of `ingest.apiKeysFile` together; an id given twice is refused. */
export async function loadApiKeys(settings: IngestSettings): Promise<readonly IngestApiKey[]> {
  if (settings.apiKeysFile === undefined) return settings.apiKeys;
  const path = settings.apiKeysFile;
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError([{ path: 'ingest.apiKeysFile', value: path, message: `cannot be read (${error.code ?? error.message})` }], 'ingest');
  });
  const keys = [...settings.apiKeys, ...parseApiKeyList(text, path)];
  const duplicate = keys.find((key, index) => keys.findIndex((other) => other.id === key.id) !== index);
  if (duplicate) throw new ConfigError([{ path: 'ingest.apiKeysFile', value: path, message: `repeats key id ${duplicate.id}, already in use; ids must be unique` }], 'ingest');
  return keys;
}
