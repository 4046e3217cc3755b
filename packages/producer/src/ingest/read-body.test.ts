import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { IngestError } from './ingest-error';
import { readBody } from './read-body';

const LIMIT = 1024;
const LIMITS = { maxBodyBytes: LIMIT };

describe('readBody', () => {
  it('reads one JSON event, an array, and NDJSON lines', async () => {
    expect(await readBody(Buffer.from('{"a":1}'), 'application/json', undefined, LIMITS)).toEqual([{ value: { a: 1 } }]);
    expect(await readBody(Buffer.from('[{"a":1},2]'), 'application/json; charset=utf-8', undefined, LIMITS)).toEqual([{ value: { a: 1 } }, { value: 2 }]);
    const items = await readBody(Buffer.from('{"a":1}\n\n{oops}\r\n{"b":2}\n'), 'application/x-ndjson', undefined, LIMITS);
    expect(items).toEqual([{ value: { a: 1 } }, { parseError: expect.stringMatching(/^line is not valid JSON/) }, { value: { b: 2 } }]);
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('inflates %s bodies, and refuses one that inflates past the body limit', async (encoding, compress) => {
    expect(await readBody(compress('[{"a":1}]'), 'application/json', encoding, LIMITS)).toEqual([{ value: { a: 1 } }]);
    // A gzip bomb: a kilobyte that inflates to 500,000 invalid lines.
    const bomb = compress('x\n'.repeat(500_000));
    expect(bomb.length).toBeLessThan(2_048);
    await expect(readBody(bomb, 'application/x-ndjson', encoding, LIMITS)).rejects.toMatchObject({
      ingestCode: 'payload_too_large',
      message: expect.stringContaining(`inflates to more than ${LIMIT} bytes`),
    });
  });

  it.each([
    [Buffer.from('{'), 'application/json', undefined, 'malformed_body'],
    [Buffer.from('  '), 'application/json', undefined, 'malformed_body'],
    [Buffer.from('{}'), 'text/plain', undefined, 'unsupported_media_type'],
    [Buffer.from('{}'), undefined, undefined, 'unsupported_media_type'],
    [Buffer.from('{}'), 'application/json', 'compress', 'unsupported_media_type'],
    [Buffer.from('{}'), 'application/json', 'gzip, br', 'unsupported_media_type'],
    [Buffer.from('{}'), 'application/json', 'deflate', 'bad_encoding'],
    [Buffer.from('{}'), 'application/json', 'br', 'bad_encoding'],
    [Buffer.from('{}'), 'application/json', 'gzip', 'bad_encoding'],
    [gzipSync(' '.repeat(LIMIT + 1)), 'application/json', 'gzip', 'payload_too_large'],
  ])('refuses %p (%s, %s) with %s', async (body, type, encoding, code) => {
    const error = await readBody(body, type, encoding, LIMITS).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).ingestCode).toBe(code);
  });

  it('refuses a body with more events than the limit, before parsing the lines past it', async () => {
    const underLimit = await readBody(Buffer.from('{"a":1}\n\n{"a":2}\n'), 'application/x-ndjson', undefined, { maxBodyBytes: LIMIT, maxEventsPerRequest: 2 });
    expect(underLimit).toHaveLength(2);
    // The third line would be a parse error if it were read; the limit answers first.
    const ndjson = readBody(Buffer.from('{"a":1}\n{"a":2}\n{oops'), 'application/x-ndjson', undefined, { maxBodyBytes: LIMIT, maxEventsPerRequest: 2 });
    await expect(ndjson).rejects.toMatchObject({ ingestCode: 'payload_too_large', message: expect.stringContaining('ingest.maxEventsPerRequest') });
    const array = readBody(Buffer.from('[1,2,3]'), 'application/json', undefined, { maxBodyBytes: LIMIT, maxEventsPerRequest: 2 });
    await expect(array).rejects.toMatchObject({ ingestCode: 'payload_too_large', message: expect.stringContaining('more than 2 events') });
  });

  it('marks each event over maxEventBytes too large, judging the others as usual', async () => {
    const limits = { maxBodyBytes: LIMIT, maxEventBytes: 20 };
    const big = `{"a":"${'x'.repeat(30)}"}`;
    const lines = await readBody(Buffer.from(`{"a":1}\n${big}\n{oops`), 'application/x-ndjson', undefined, limits);
    expect(lines).toEqual([{ value: { a: 1 } }, { tooLarge: expect.stringMatching(/is 38 bytes, more than 20.*ingest\.maxEventBytes/) }, { parseError: expect.any(String) }]);
    // Bytes, not characters: 8 two-byte characters are 16 bytes plus the JSON around them.
    expect(await readBody(Buffer.from(`{"a":"${'é'.repeat(8)}"}`), 'application/x-ndjson', undefined, limits)).toEqual([{ tooLarge: expect.stringContaining('is 24 bytes') }]);
    const array = await readBody(Buffer.from(`[{"a":1}, ${big}]`), 'application/json', undefined, limits);
    expect(array).toEqual([{ value: { a: 1 } }, { tooLarge: expect.stringContaining('is 38 bytes') }]);
    // A body that is one event counts whole, and is not parsed.
    expect(await readBody(Buffer.from(`${big.slice(0, -1)}`), 'application/json', undefined, limits)).toEqual([{ tooLarge: expect.stringContaining('is 37 bytes') }]);
    expect(await readBody(Buffer.from('{"a": 1}'), 'application/json', undefined, limits)).toEqual([{ value: { a: 1 } }]);
  });

  it('refuses lines that are not valid UTF-8 one by one, and a JSON body that is not valid UTF-8 whole', async () => {
    const broken = Buffer.concat([Buffer.from('{"page":"/'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const ndjson = Buffer.concat([Buffer.from('{"a":1}\n\n'), broken, Buffer.from('\n{"page":"/\uFFFD"}')]);
    expect(await readBody(ndjson, 'application/x-ndjson', undefined, LIMITS)).toEqual([
      { value: { a: 1 } },
      { parseError: 'line is not valid UTF-8, which JSON requires' },
      // U+FFFD sent as such is valid text.
      { value: { page: '/\uFFFD' } },
    ]);
    await expect(readBody(broken, 'application/json', undefined, LIMITS)).rejects.toMatchObject({ ingestCode: 'malformed_body', message: expect.stringContaining('not valid UTF-8') });
  });
});
