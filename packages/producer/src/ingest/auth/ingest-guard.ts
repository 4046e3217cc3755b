import { ConfigError, ingestExposureProblem, type IngestApiKey, type IngestSettings } from '@sluice/core';
import { IngestError } from '../ingest-error';
import { ApiKeyVerifier } from './api-key-verifier';
import { loadApiKeys } from './load-api-keys';
import { TokenBucket } from './token-bucket';

/** Who sent a request: a configured key's id, or nobody when ingest has no keys. */
export interface IngestCaller {
  readonly keyId: string | undefined;
}

const REALM = 'Bearer realm="sluice ingest"';

/**
 * Ingest's door: which key sent a request (401 without a valid one), whether
 * that key may send to the source (403), and whether it is within its rate
 * (429 with Retry-After). With no keys configured every request passes as
 * nobody; the exposure rule has made sure that is only on loopback or on purpose.
 */
export class IngestGuard {
  private readonly verifier: ApiKeyVerifier;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly keys: readonly IngestApiKey[],
    now: () => number = Date.now,
  ) {
    this.verifier = new ApiKeyVerifier(keys);
    for (const key of keys) if (key.rateLimit) this.buckets.set(key.id, new TokenBucket(key.rateLimit.perSecond, key.rateLimit.burst, now));
  }

  /** Loads the keys of `settings` (inline and from `apiKeysFile`) and refuses a listener on `host` that would be open to anyone by mistake. */
  static async load(settings: IngestSettings, host: string, now?: () => number): Promise<IngestGuard> {
    const keys = await loadApiKeys(settings);
    const problem = ingestExposureProblem(host, keys.length > 0, settings.allowUnauthenticated);
    if (problem !== undefined) throw new ConfigError([{ path: 'ingest.host', value: host, message: problem }], 'ingest');
    return new IngestGuard(keys, now);
  }

  get enabled(): boolean {
    return this.keys.length > 0;
  }

  /** The configured key ids, for the start-up log. */
  get keyIds(): readonly string[] {
    return this.keys.map((key) => key.id);
  }

  /** Which key sent a request, from its `Authorization` header; throws the 401 to answer when none does. */
  identify(authorization: string | undefined): IngestCaller {
    if (!this.enabled) return { keyId: undefined };
    const found = this.verifier.authenticate(authorization);
    if (!found.ok) {
      const missing = found.reason === 'missing';
      throw new IngestError(
        'unauthorized',
        missing ? 'this ingest needs an API key: send Authorization: Bearer <key>' : 'the API key is not valid',
        {},
        { 'www-authenticate': missing ? REALM : `${REALM}, error="invalid_token"` },
      );
    }
    return { keyId: found.key.id };
  }

  /** Lets the caller send to `source` (undefined when the route leaves it to the pipeline's only source), or throws the 403 or 429 to answer. */
  authorize(caller: IngestCaller, source: string | undefined): void {
    const key = this.keyOf(caller);
    if (key === undefined) return;
    if (source !== undefined && !key.sources.includes('*') && !key.sources.includes(source)) {
      throw new IngestError('forbidden', `API key ${key.id} may not send to source ${source}`, { key: key.id });
    }
    if (key.rateLimit?.unit === 'request') this.spend(key, 1);
  }

  /** Spends `count` events of the caller's event rate, or throws 429 (413 when the batch could never fit). */
  takeEvents(caller: IngestCaller, count: number): void {
    const key = this.keyOf(caller);
    if (key?.rateLimit?.unit === 'event') this.spend(key, count);
  }

  /** Metric labels for the caller: its key id, when ingest has keys. */
  labels(caller: IngestCaller | undefined): Record<string, string> {
    return this.enabled ? { key: caller?.keyId ?? '' } : {};
  }

  private keyOf(caller: IngestCaller): IngestApiKey | undefined {
    return caller.keyId === undefined ? undefined : this.keys.find((candidate) => candidate.id === caller.keyId);
  }

  private spend(key: IngestApiKey, count: number): void {
    const bucket = this.buckets.get(key.id) as TokenBucket;
    if (count > bucket.burst) {
      throw new IngestError('payload_too_large', `${count} events in one request exceed the burst of API key ${key.id} (${bucket.burst}); split the batch`, { key: key.id });
    }
    const waitMs = bucket.take(count);
    if (waitMs > 0) {
      const unit = key.rateLimit?.unit === 'event' ? 'events' : 'requests';
      throw new IngestError('rate_limited', `API key ${key.id} is over its rate of ${key.rateLimit?.perSecond} ${unit}/s; retry later`, { key: key.id }, { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });
    }
  }
}
