import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { IngestError } from './ingest-error';

const gunzipAsync = promisify(gunzip);

/** A body item: a parsed value, or the reason its NDJSON line could not be parsed. */
export type BodyItem = { readonly value: unknown } | { readonly parseError: string };

const JSON_TYPES = new Set(['application/json', 'text/json']);
const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json-seq']);

/**
 * Turns a request body into event items: one JSON value or array (`application/json`)
 * or one JSON value per line (`application/x-ndjson`), optionally gzip-encoded.
 * A malformed JSON body is a 400; a malformed NDJSON line rejects only that line.
 * More than `maxEvents` items is a 413; NDJSON lines past the limit are never parsed.
 */
export async function readBody(
  raw: Buffer,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  maxBytes: number,
  maxEvents: number = Number.POSITIVE_INFINITY,
): Promise<BodyItem[]> {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = JSON_TYPES.has(mediaType);
  const isNdjson = NDJSON_TYPES.has(mediaType);
  if (!isJson && !isNdjson) {
    throw new IngestError(
      'unsupported_media_type',
      `content type ${mediaType === '' ? '(none)' : mediaType} is not accepted; send application/json (one event or an array) or application/x-ndjson (one event per line)`,
    );
  }
  const text = (await decode(raw, contentEncoding, maxBytes)).toString('utf8');
  if (isNdjson) return splitLines(text, maxEvents);
  if (text.trim().length === 0) throw new IngestError('malformed_body', 'the body is empty; send one JSON event or an array of events');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IngestError('malformed_body', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) return [{ value: parsed }];
  if (parsed.length > maxEvents) throw tooManyEvents(maxEvents);
  return parsed.map((value: unknown) => ({ value }));
}

/** Parses one NDJSON line at a time and stops at the first line past the limit. */
function splitLines(text: string, maxEvents: number): BodyItem[] {
  const items: BodyItem[] = [];
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    start = end === -1 ? text.length + 1 : end + 1;
    if (line.length === 0) continue;
    if (items.length === maxEvents) throw tooManyEvents(maxEvents);
    items.push(parseLine(line));
  }
  return items;
}

function tooManyEvents(maxEvents: number): IngestError {
  return new IngestError('payload_too_large', `the body holds more than ${maxEvents} events, the limit (ingest.maxEventsPerRequest); split the batch`);
}

function parseLine(line: string): BodyItem {
  try {
    return { value: JSON.parse(line) as unknown };
  } catch (error) {
    return { parseError: `line is not valid JSON: ${(error as Error).message}` };
  }
}

async function decode(raw: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new IngestError('unsupported_media_type', `content encoding ${encoding} is not accepted; send gzip or no encoding`);
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError('payload_too_large', `the body inflates to more than ${maxBytes} bytes, the limit (ingest.maxBodyBytes)`);
    }
    throw new IngestError('bad_encoding', `the body says gzip but does not gunzip: ${(error as Error).message}`);
  }
}
