import { SluiceError } from '@sluice/core';
import { hashApiKey } from '@sluice/producer';
import type { Command } from '../command';

/** `sluice ingest hash-key`: the SHA-256 that `ingest.apiKeys[].sha256` stores, of a key read from stdin. */
export const ingestHashKeyCommand: Command = {
  name: ['ingest', 'hash-key'],
  summary: 'print the sha256 of an ingest API key read from stdin, for ingest.apiKeys',
  usage: 'ingest hash-key < key.txt',
  options: {},
  async run({ stdin, stdout }) {
    if (stdin === undefined) throw new SluiceError('HASH_KEY_NO_INPUT', 'pipe the key in on stdin, e.g. sluice ingest hash-key < key.txt');
    let text = '';
    for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    // One trailing newline is how echo and files end the key; it is not part of it.
    const key = text.replace(/\r?\n$/, '');
    if (key === '' || /\s/.test(key)) throw new SluiceError('HASH_KEY_BAD_INPUT', 'the key on stdin must be one word with no spaces (a Bearer token); generate one with: openssl rand -hex 32');
    stdout.write(`${hashApiKey(key)}\n`);
    return 0;
  },
};
