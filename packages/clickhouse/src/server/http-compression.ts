import { createBrotliDecompress, createGunzip, createInflate, createZstdDecompress, brotliCompressSync, deflateSync, gzipSync, zstdCompressSync } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';

/** Content codings the served endpoint reads and writes, in the order it prefers them. */
const CODINGS = ['gzip', 'zstd', 'br', 'deflate'] as const;
type Coding = (typeof CODINGS)[number];

/** A request body stream, decompressed according to its Content-Encoding. */
export function decodedBody(request: Readable, contentEncoding: string | undefined): Readable {
  const coding = contentEncoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return request;
  const decoder = decoderFor(coding);
  if (!decoder) throw new UnsupportedEncodingError(coding);
  return request.pipe(decoder);
}

/** The coding to answer with: only when the client asked for compression (`enable_http_compression=1`) and accepts one we have. */
export function responseCoding(enableHttpCompression: string | null, acceptEncoding: string | undefined): Coding | undefined {
  if (enableHttpCompression !== '1' && enableHttpCompression !== 'true') return undefined;
  const accepted = (acceptEncoding ?? '').toLowerCase().split(',').map((part) => part.split(';')[0]?.trim());
  return CODINGS.find((coding) => accepted.includes(coding));
}

/** Compresses a whole response body with `coding`. */
export function encodeBody(body: Buffer, coding: Coding): Buffer {
  switch (coding) {
    case 'gzip':
      return gzipSync(body);
    case 'zstd':
      return zstdCompressSync(body);
    case 'br':
      return brotliCompressSync(body);
    case 'deflate':
      return deflateSync(body);
  }
}

function decoderFor(coding: string): Transform | undefined {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'zstd':
      return createZstdDecompress();
    case 'br':
      return createBrotliDecompress();
    case 'deflate':
      return createInflate();
    default:
      return undefined;
  }
}

/** A request body in a coding the endpoint cannot read. */
export class UnsupportedEncodingError extends Error {
  constructor(readonly coding: string) {
    super(`Code: 36. DB::Exception: Unknown Content-Encoding ${JSON.stringify(coding)}; supported: ${CODINGS.join(', ')}. (BAD_ARGUMENTS)`);
  }
}
