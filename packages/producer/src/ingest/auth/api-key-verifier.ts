import { timingSafeEqual } from 'node:crypto';
import type { IngestApiKey } from '@sluice/core';
import { hashApiKey } from './hash-api-key';

/** What a request's `Authorization` header proved: a configured key, or why not. */
export type Authentication = { readonly ok: true; readonly key: IngestApiKey } | { readonly ok: false; readonly reason: 'missing' | 'invalid' };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Finds the configured key a bearer token hashes to. Every configured hash
 * is compared, in constant time, whatever matched, so the answer time says
 * nothing about which key or how many bytes of a hash were right.
 */
export class ApiKeyVerifier {
  private readonly hashes: readonly { readonly key: IngestApiKey; readonly digest: Buffer }[];

  constructor(keys: readonly IngestApiKey[]) {
    this.hashes = keys.map((key) => ({ key, digest: Buffer.from(key.sha256, 'hex') }));
  }

  authenticate(authorization: string | undefined): Authentication {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) return { ok: false, reason: authorization === undefined ? 'missing' : 'invalid' };
    const digest = Buffer.from(hashApiKey(token), 'hex');
    let found: IngestApiKey | undefined;
    for (const entry of this.hashes) {
      if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry.key;
    }
    return found === undefined ? { ok: false, reason: 'invalid' } : { ok: true, key: found };
  }
}
