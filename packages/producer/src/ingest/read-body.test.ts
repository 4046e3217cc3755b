import { gzipSync } from 'node:zlib';
import { IngestError } from './ingest-error';
import { readBody } from './read-body';

const LIMIT = 1024;

describe('readBody', () => {
  it('reads one JSON event, an array, and NDJSON lines', async () => {
    expect(await readBody(Buffer.from('{"a":1}'), 'application/json', undefined, LIMIT)).toEqual([{ value: { a: 1 } }]);
    expect(await readBody(Buffer.from('[{"a":1},2]'), 'application/json; charset=utf-8', undefined, LIMIT)).toEqual([{ value: { a: 1 } }, { value: 2 }]);
    const items = await readBody(Buffer.from('{"a":1}\n\n{oops}\r\n{"b":2}\n'), 'application/x-ndjson', undefined, LIMIT);
    expect(items).toEqual([{ value: { a: 1 } }, { parseError: expect.stringMatching(/^line is not valid JSON/) }, { value: { b: 2 } }]);
  });

  it('gunzips gzip bodies', async () => {
    expect(await readBody(gzipSync('[{"a":1}]'), 'application/json', 'gzip', LIMIT)).toEqual([{ value: { a: 1 } }]);
  });

  it.each([
    [Buffer.from('{'), 'application/json', undefined, 'malformed_body'],
    [Buffer.from('  '), 'application/json', undefined, 'malformed_body'],
    [Buffer.from('{}'), 'text/plain', undefined, 'unsupported_media_type'],
    [Buffer.from('{}'), undefined, undefined, 'unsupported_media_type'],
    [Buffer.from('{}'), 'application/json', 'br', 'unsupported_media_type'],
    [Buffer.from('{}'), 'application/json', 'gzip', 'bad_encoding'],
    [gzipSync(' '.repeat(LIMIT + 1)), 'application/json', 'gzip', 'payload_too_large'],
  ])('refuses %p (%s, %s) with %s', async (body, type, encoding, code) => {
    const error = await readBody(body, type, encoding, LIMIT).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).ingestCode).toBe(code);
  });

  it('refuses a body with more events than the limit, before parsing the lines past it', async () => {
    const underLimit = await readBody(Buffer.from('{"a":1}\n\n{"a":2}\n'), 'application/x-ndjson', undefined, LIMIT, 2);
    expect(underLimit).toHaveLength(2);
    // The third line would be a parse error if it were read; the limit answers first.
    const ndjson = readBody(Buffer.from('{"a":1}\n{"a":2}\n{oops'), 'application/x-ndjson', undefined, LIMIT, 2);
    await expect(ndjson).rejects.toMatchObject({ ingestCode: 'payload_too_large', message: expect.stringContaining('ingest.maxEventsPerRequest') });
    const array = readBody(Buffer.from('[1,2,3]'), 'application/json', undefined, LIMIT, 2);
    await expect(array).rejects.toMatchObject({ ingestCode: 'payload_too_large', message: expect.stringContaining('more than 2 events') });
  });
});
