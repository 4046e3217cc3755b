import { isUtf8 } from 'node:buffer';
import { IngestError } from './ingest-error';
import { inflateBody } from './inflate-body';

/**
 * A body item: a parsed value, the reason its NDJSON line could not be parsed,
 * or why it is larger than one event may be.
 */
export type BodyItem = { readonly value: unknown } | { readonly parseError: string } | { readonly tooLarge: string };

/** The bounds of one request body (the `ingest` config section has them all). */
export interface BodyLimits {
  /** Bytes of the body, as received and after inflating. */
  readonly maxBodyBytes: number;
  /** Events of one body. */
  readonly maxEventsPerRequest?: number;
  /** Bytes of one event's JSON text. */
  readonly maxEventBytes?: number;
}

const JSON_TYPES = new Set(['application/json', 'text/json']);
const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json-seq']);

/**
 * Turns a request body into event items: one JSON value or array (`application/json`)
 * or one JSON value per line (`application/x-ndjson`), optionally compressed.
 * A malformed JSON body is a 400; a malformed NDJSON line rejects only that line.
 * More than `maxEventsPerRequest` items is a 413; NDJSON lines past the limit are never parsed.
 * An event over `maxEventBytes` (its NDJSON line, or its compact JSON in an array;
 * a single-event body counts whole) becomes a `tooLarge` item; an oversized line is never parsed.
 */
export async function readBody(raw: Buffer, contentType: string | undefined, contentEncoding: string | undefined, limits: BodyLimits): Promise<BodyItem[]> {
  const maxEvents = limits.maxEventsPerRequest ?? Number.POSITIVE_INFINITY;
  const maxEventBytes = limits.maxEventBytes ?? Number.POSITIVE_INFINITY;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isJson = JSON_TYPES.has(mediaType);
  const isNdjson = NDJSON_TYPES.has(mediaType);
  if (!isJson && !isNdjson) {
    throw new IngestError(
      'unsupported_media_type',
      `content type ${mediaType === '' ? '(none)' : mediaType} is not accepted; send application/json (one event or an array) or application/x-ndjson (one event per line)`,
    );
  }
  const body = await inflateBody(raw, contentEncoding, limits.maxBodyBytes);
  // JSON is UTF-8 (RFC 8259): decoding broken bytes to U+FFFD would store text the client never sent.
  const validUtf8 = isUtf8(body);
  if (!validUtf8 && !isNdjson) throw new IngestError('malformed_body', 'the body is not valid UTF-8, which JSON requires');
  const text = body.toString('utf8');
  if (isNdjson) return splitLines(text, maxEvents, maxEventBytes, validUtf8 ? new Set() : linesNotUtf8(body));
  if (text.trim().length === 0) throw new IngestError('malformed_body', 'the body is empty; send one JSON event or an array of events');
  // A body that is one event and too large is refused before it is parsed.
  if (body.length > maxEventBytes && !/^\s*\[/.test(text)) return [tooLarge(body.length, maxEventBytes)];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IngestError('malformed_body', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) return [{ value: parsed }];
  if (parsed.length > maxEvents) throw tooManyEvents(maxEvents);
  if (maxEventBytes === Number.POSITIVE_INFINITY || body.length <= maxEventBytes) return parsed.map((value: unknown) => ({ value }));
  return parsed.map((value: unknown) => {
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
    return bytes > maxEventBytes ? tooLarge(bytes, maxEventBytes) : { value };
  });
}

/** Parses one NDJSON line at a time and stops at the first line past the limit; `notUtf8` numbers the lines to refuse unparsed. */
function splitLines(text: string, maxEvents: number, maxEventBytes: number, notUtf8: ReadonlySet<number>): BodyItem[] {
  const items: BodyItem[] = [];
  let start = 0;
  for (let lineNumber = 0; start <= text.length; lineNumber++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    start = end === -1 ? text.length + 1 : end + 1;
    if (line.length === 0) continue;
    if (items.length === maxEvents) throw tooManyEvents(maxEvents);
    if (notUtf8.has(lineNumber)) {
      items.push({ parseError: 'line is not valid UTF-8, which JSON requires' });
      continue;
    }
    // A UTF-16 unit is at most 3 UTF-8 bytes, so short lines skip the byte count.
    const bytes = line.length * 3 > maxEventBytes ? Buffer.byteLength(line) : 0;
    items.push(bytes > maxEventBytes ? tooLarge(bytes, maxEventBytes) : parseLine(line));
  }
  return items;
}

/**
 * The numbers of the lines of `body` that are not valid UTF-8. A newline byte
 * is never part of a multi-byte sequence, so these lines are the same as the
 * decoded text's lines.
 */
function linesNotUtf8(body: Buffer): Set<number> {
  const lines = new Set<number>();
  let start = 0;
  for (let lineNumber = 0; start <= body.length; lineNumber++) {
    const end = body.indexOf(0x0a, start);
    const stop = end === -1 ? body.length : end;
    if (!isUtf8(body.subarray(start, stop))) lines.add(lineNumber);
    start = stop + 1;
  }
  return lines;
}

function tooManyEvents(maxEvents: number): IngestError {
  return new IngestError('payload_too_large', `the body holds more than ${maxEvents} events, the limit (ingest.maxEventsPerRequest); split the batch`);
}

function tooLarge(bytes: number, maxEventBytes: number): BodyItem {
  return { tooLarge: `the event is ${bytes} bytes, more than ${maxEventBytes}, the limit (ingest.maxEventBytes)` };
}

function parseLine(line: string): BodyItem {
  try {
    return { value: JSON.parse(line) as unknown };
  } catch (error) {
    return { parseError: `line is not valid JSON: ${(error as Error).message}` };
  }
}
