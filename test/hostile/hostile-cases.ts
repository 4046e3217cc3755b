import { gzipSync } from 'node:zlib';

/**
 * The hostile inputs of the suite, by class, with where each must end:
 * refused by ingest with a reason, or dead-lettered by the workers with a
 * reason, or accepted and counted like any event (`countedAs`).
 */

/** The limits the suite's pipeline is configured with, so the cases can cross them. */
export const LIMITS = { maxBodyBytes: 262_144, maxEventBytes: 16_384, maxEventsPerRequest: 2_000, maxGroupValueLength: 256 } as const;

const YEAR_MS = 365 * 24 * 3_600_000;

/** `depth` nested arrays: [[…]]. */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** One bad event placed among valid ones in an NDJSON body: ingest accepts the batch (202) and lists it as rejected. */
export interface EventCase {
  readonly name: string;
  /** The line as sent (a string is written as is, so a case can be broken JSON). */
  line(now: number): string | Buffer;
  readonly reason: string;
}

export const EVENT_CASES: readonly EventCase[] = [
  { name: 'far-future time', line: (now) => json({ user_id: 'h1', ts: now + YEAR_MS, page: '/future' }), reason: 'event_time_out_of_range' },
  { name: 'time before 1970', line: () => json({ user_id: 'h2', ts: -86_400_000, page: '/past' }), reason: 'event_time_out_of_range' },
  { name: 'time older than maxPast', line: (now) => json({ user_id: 'h3', ts: now - 20 * YEAR_MS, page: '/past' }), reason: 'event_time_out_of_range' },
  { name: 'unrepresentable time 1e21', line: () => '{"user_id":"h4","ts":1e21,"page":"/huge-time"}', reason: 'event_time_out_of_range' },
  { name: 'unparseable time', line: () => json({ user_id: 'h5', ts: 'next tuesday', page: '/bad-time' }), reason: 'bad_timestamp' },
  { name: 'broken JSON', line: () => '{"user_id":"h6","ts":', reason: 'malformed_json' },
  { name: 'invalid UTF-8', line: (now) => Buffer.concat([Buffer.from(`{"user_id":"h7","ts":${now - 60_000},"page":"/`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), reason: 'malformed_json' },
  { name: 'JSON array', line: () => '[1,2,3]', reason: 'not_an_object' },
  { name: 'missing key', line: (now) => json({ ts: now - 60_000, page: '/nokey' }), reason: 'missing_key' },
  { name: 'oversized group value', line: (now) => json({ user_id: 'h8', ts: now - 60_000, page: `/${'p'.repeat(LIMITS.maxGroupValueLength * 4)}` }), reason: 'group_value_too_long' },
  { name: 'JSON nested 7,000 deep, past the stack of JSON.stringify', line: (now) => `{"user_id":"h10","ts":${now - 60_000},"page":"/deep","x":${deepArray(7_000)}}`, reason: 'too_deeply_nested' },
  { name: 'lone UTF-16 surrogate', line: (now) => `{"user_id":"h11","ts":${now - 60_000},"page":"/\\ud800"}`, reason: 'lone_surrogate' },
  { name: 'huge field', line: (now) => json({ user_id: 'h9', ts: now - 60_000, page: '/blob', blob: 'x'.repeat(LIMITS.maxEventBytes * 2) }), reason: 'event_too_large' },
];

/** A request ingest refuses whole, with its status and the reason in `error`. */
export interface RequestCase {
  readonly name: string;
  body(now: number): Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly status: number;
  readonly reason: string;
  /** How many events the body holds (for the closing count of records tried). */
  readonly events: number;
}

const ndjson = 'application/x-ndjson';
const filler = (now: number, index: number) => json({ user_id: `f${index}`, ts: now - 60_000, page: '/never-accepted' });

export const REQUEST_CASES: readonly RequestCase[] = [
  {
    name: 'body over maxBodyBytes',
    body: (now) => Buffer.from(Array.from({ length: Math.ceil((LIMITS.maxBodyBytes * 2) / 60) }, (_, i) => filler(now, i)).join('\n')),
    headers: { 'content-type': ndjson },
    status: 413,
    reason: 'payload_too_large',
    events: Math.ceil((LIMITS.maxBodyBytes * 2) / 60),
  },
  {
    name: 'gzip bomb: 1 KB that inflates to 500,000 invalid lines',
    body: () => gzipSync(Buffer.from('x\n'.repeat(500_000)), { level: 9 }),
    headers: { 'content-type': ndjson, 'content-encoding': 'gzip' },
    status: 413,
    reason: 'payload_too_large',
    events: 500_000,
  },
  {
    name: 'more events than maxEventsPerRequest',
    body: (now) => Buffer.from(Array.from({ length: LIMITS.maxEventsPerRequest + 1 }, (_, i) => `{"user_id":"t${i}","ts":${now - 60_000}}`).join('\n')),
    headers: { 'content-type': ndjson },
    status: 413,
    reason: 'payload_too_large',
    events: LIMITS.maxEventsPerRequest + 1,
  },
  { name: 'gzip header on a plain body', body: (now) => Buffer.from(filler(now, 0)), headers: { 'content-type': ndjson, 'content-encoding': 'gzip' }, status: 400, reason: 'bad_encoding', events: 1 },
  { name: 'not JSON at all', body: () => Buffer.from('<xml/>'), headers: { 'content-type': 'text/xml' }, status: 415, reason: 'unsupported_media_type', events: 1 },
];

/** A record a foreign producer writes straight into the source topic, and the dead-letter reason it must get. */
export interface RecordCase {
  readonly name: string;
  value(now: number): Buffer | null;
  readonly reason: RegExp;
}

export const RECORD_CASES: readonly RecordCase[] = [
  { name: 'far-future time', value: (now) => Buffer.from(json({ user_id: 'k1', ts: now + YEAR_MS, page: '/future' })), reason: /^event_time_out_of_range/ },
  { name: 'time in 2100', value: () => Buffer.from(json({ user_id: 'k2', ts: Date.UTC(2100, 0, 1), page: '/future' })), reason: /^event_time_out_of_range/ },
  { name: 'time before 1970', value: () => Buffer.from(json({ user_id: 'k3', ts: -1, page: '/past' })), reason: /^event_time_out_of_range/ },
  { name: 'unrepresentable time 1e21', value: () => Buffer.from('{"user_id":"k4","ts":1e21,"page":"/huge-time"}'), reason: /^event_time_out_of_range/ },
  { name: 'no time', value: () => Buffer.from(json({ user_id: 'k5', page: '/no-time' })), reason: /ts is missing or not a time/ },
  { name: 'broken JSON', value: () => Buffer.from('{"user_id":'), reason: /^value is not JSON/ },
  { name: 'JSON array', value: () => Buffer.from('[{"ts":1}]'), reason: /not an object/ },
  { name: 'lone UTF-16 surrogate in a string', value: (now) => Buffer.from(`{"user_id":"k10","ts":${now - 60_000},"page":"/\\udc00"}`), reason: /lone UTF-16 surrogate/ },
  { name: 'tombstone', value: () => null, reason: /^record has no value/ },
  { name: 'JSON nested 200,000 deep', value: (now) => Buffer.from(`{"user_id":"k6","ts":${now - 60_000},"page":"/deep","x":${deepArray(200_000)}}`), reason: /^value nests deeper than 128 levels/ },
];

/** An accepted oddity: it is an event, and both layers count it under `page` like any other. */
export interface CountedCase {
  readonly name: string;
  /** The event at event time `at`, with a unique id from `index`; bytes where JSON cannot say it. */
  event(at: number, index: number): Buffer;
  readonly page: string;
}

/** Sent over HTTP among valid events. */
export const COUNTED_EVENT_CASES: readonly CountedCase[] = [
  // The event object plus 127 arrays: MAX_JSON_NESTING exactly.
  { name: 'JSON nested 128 levels deep, the limit', event: (at, i) => Buffer.from(`{"event_id":"hd-${i}","user_id":"k8","ts":${at},"page":"/deep-http","x":${deepArray(127)}}`), page: '/deep-http' },
];

/** Written straight into the source topic. */
export const COUNTED_RECORD_CASES: readonly CountedCase[] = [
  {
    name: 'invalid UTF-8 in a string (read as U+FFFD, as Node decodes it)',
    event: (at, i) => Buffer.concat([Buffer.from(`{"event_id":"u8-${i}","user_id":"k7","ts":${at},"page":"/bad`), Buffer.from([0xc3]), Buffer.from('"}')]),
    page: '/bad\uFFFD',
  },
  { name: 'JSON nested 128 levels deep, the limit', event: (at, i) => Buffer.from(`{"event_id":"kd-${i}","user_id":"k9","ts":${at},"page":"/deep-kafka","x":${deepArray(127)}}`), page: '/deep-kafka' },
];

function json(value: unknown): string {
  return JSON.stringify(value);
}
