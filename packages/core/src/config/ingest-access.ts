import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error';
import type { IngestApiKey } from './types';

const positiveNumber = z.number({ error: 'must be a number' }).positive({ error: 'must be more than zero' });
const burst = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).positive({ error: 'must be at least 1' });

/** A key's token bucket, counted in requests or in events (exactly one of the two rates). */
const rateLimitSchema = z.union(
  [z.strictObject({ requestsPerSecond: positiveNumber, burst: burst.optional() }), z.strictObject({ eventsPerSecond: positiveNumber, burst: burst.optional() })],
  { error: 'must be { requestsPerSecond, burst } or { eventsPerSecond, burst }' },
);

/** One entry of `ingest.apiKeys` (or of the `ingest.apiKeysFile` list), as written. */
export const apiKeySchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1 to 64 letters, digits, _, . or -' }),
  sha256: z
    .string({ error: 'must be the hex SHA-256 of the key (sluice ingest hash-key)' })
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be the 64 hex digits of the SHA-256 of the key (sluice ingest hash-key)' })
    .transform((hex) => hex.toLowerCase()),
  sources: z.array(z.string().min(1), { error: 'must list the sources the key may send to, or ["*"]' }).min(1, { error: 'must name at least one source, or "*"' }),
  rateLimit: rateLimitSchema.optional(),
});

type RawApiKey = z.output<typeof apiKeySchema>;

/** The normalized form of one key entry: the rate limit as one bucket shape. */
export function normalizeApiKey(raw: RawApiKey): IngestApiKey {
  const { rateLimit, ...rest } = raw;
  if (rateLimit === undefined) return rest;
  const [unit, perSecond] = 'eventsPerSecond' in rateLimit ? (['event', rateLimit.eventsPerSecond] as const) : (['request', rateLimit.requestsPerSecond] as const);
  // Without a burst, a bucket holds one second's worth (at least one token, so a rate below 1/s still lets a request through).
  return { ...rest, rateLimit: { unit, perSecond, burst: rateLimit.burst ?? Math.max(1, Math.ceil(perSecond)) } };
}

/**
 * Parses the text of an `ingest.apiKeysFile` (YAML or JSON: a list of
 * `{ id, sha256, sources, rateLimit? }`), naming each problem by its place in the file.
 */
export function parseApiKeyList(text: string, origin: string): IngestApiKey[] {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError([{ path: '<yaml>', value: undefined, message: document.errors[0]?.message.split('\n')[0] ?? 'is not YAML' }], origin);
  }
  const result = z.array(apiKeySchema, { error: 'must be a list of { id, sha256, sources }' }).safeParse(document.toJS());
  if (!result.success) {
    const issues: ConfigIssue[] = result.error.issues.map((issue) => ({ path: issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '') || '<root>', value: undefined, message: issue.message }));
    throw new ConfigError(issues, origin);
  }
  const keys = result.data.map(normalizeApiKey);
  const duplicate = keys.find((key, index) => keys.findIndex((other) => other.id === key.id) !== index);
  if (duplicate) throw new ConfigError([{ path: '<root>', value: duplicate.id, message: 'repeats a key id; ids must be unique' }], origin);
  if (keys.length === 0) throw new ConfigError([{ path: '<root>', value: undefined, message: 'holds no keys; list at least one { id, sha256, sources }' }], origin);
  return keys;
}

/** Loopback names and addresses: what only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || /^::ffff:127\./.test(bare);
}

/**
 * Why ingest may not listen on `host`, or undefined when it may: with no API
 * key, only a loopback address, unless the config says otherwise on purpose.
 */
export function ingestExposureProblem(host: string, hasKeys: boolean, allowUnauthenticated: boolean): string | undefined {
  if (hasKeys || allowUnauthenticated || isLoopbackHost(host)) return undefined;
  return 'is not a loopback address and ingest has no API key: set ingest.apiKeys or ingest.apiKeysFile, or ingest.allowUnauthenticated: true to accept events from anyone who can reach it';
}

/**
 * The ingest rules that relate keys to the rest of the config: key ids are
 * unique, key sources exist, and a listener off loopback has keys or says
 * it needs none. The input may be partly invalid, so every read is guarded.
 */
export function checkIngestAccess(config: unknown, ctx: z.RefinementCtx): void {
  const root = asRecord(config);
  const ingest = asRecord(root['ingest']);
  const sources = asRecord(root['sources']);
  const keys = Array.isArray(ingest['apiKeys']) ? (ingest['apiKeys'] as unknown[]) : [];
  const seen = new Set<unknown>();
  keys.forEach((entry, index) => {
    const key = asRecord(entry);
    if (seen.has(key['id'])) ctx.addIssue({ code: 'custom', path: ['ingest', 'apiKeys', index, 'id'], message: 'repeats a key id; ids must be unique', input: key['id'] });
    seen.add(key['id']);
    const allowed = Array.isArray(key['sources']) ? (key['sources'] as unknown[]) : [];
    allowed.forEach((source, at) => {
      if (source !== '*' && !(typeof source === 'string' && Object.hasOwn(sources, source))) {
        ctx.addIssue({ code: 'custom', path: ['ingest', 'apiKeys', index, 'sources', at], message: `is not a defined source; defined sources: ${Object.keys(sources).join(', ') || 'none'}, or "*" for all`, input: source });
      }
    });
  });
  const host = typeof ingest['host'] === 'string' ? ingest['host'] : '127.0.0.1';
  const problem = ingestExposureProblem(host, keys.length > 0 || typeof ingest['apiKeysFile'] === 'string', ingest['allowUnauthenticated'] === true);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['ingest', 'host'], message: problem, input: host });
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
