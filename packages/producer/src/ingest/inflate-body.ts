import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { IngestError } from './ingest-error';

type Inflate = (raw: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

/** The content encodings ingest inflates, by their `Content-Encoding` token. */
const INFLATERS: Readonly<Record<string, Inflate>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/**
 * Undoes the body's `Content-Encoding` (gzip, deflate in its zlib format, or br).
 * The inflated size is capped at `maxBytes`: zlib stops inflating at the first
 * chunk past it, so a small bomb never expands in memory beyond the limit (413).
 */
export async function inflateBody(raw: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  const inflater = Object.hasOwn(INFLATERS, encoding) ? INFLATERS[encoding] : undefined;
  if (inflater === undefined) {
    throw new IngestError('unsupported_media_type', `content encoding ${encoding} is not accepted; send one of gzip, deflate, br, or no encoding`);
  }
  try {
    return await inflater(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError('payload_too_large', `the body inflates to more than ${maxBytes} bytes, the limit (ingest.maxBodyBytes)`);
    }
    throw new IngestError('bad_encoding', `the body says ${encoding} but does not inflate: ${(error as Error).message}`);
  }
}
