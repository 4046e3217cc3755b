// MurmurHash3 x86 32-bit over the UTF-8 bytes of a string, streamed byte by
// byte so that hashing allocates nothing. Matches ClickHouse's murmurHash3_32.
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

// Streaming state of the one hash in progress (JavaScript runs it to completion).
let hash = 0;
let block = 0;
let blockBits = 0;
let byteCount = 0;

function pushByte(byte: number): void {
  block |= byte << blockBits;
  blockBits += 8;
  byteCount++;
  if (blockBits === 32) {
    hash = mixBlock(hash, block);
    block = 0;
    blockBits = 0;
  }
}

function scramble(k: number): number {
  let scrambled = Math.imul(k, C1);
  scrambled = (scrambled << 15) | (scrambled >>> 17);
  return Math.imul(scrambled, C2);
}

/** MurmurHash3 (x86, 32-bit) of the UTF-8 encoding of `text`, as an unsigned integer. */
export function murmur3Utf8(text: string, seed = 0): number {
  // Fast path for ASCII, where each UTF-16 unit is one byte: whole blocks in locals.
  const length = text.length;
  let h = seed | 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const b0 = text.charCodeAt(i);
    const b1 = text.charCodeAt(i + 1);
    const b2 = text.charCodeAt(i + 2);
    const b3 = text.charCodeAt(i + 3);
    if ((b0 | b1 | b2 | b3) >= 0x80) return murmur3Streamed(text, seed);
    h = mixBlock(h, b0 | (b1 << 8) | (b2 << 16) | (b3 << 24));
  }
  let tail = 0;
  for (let shift = 0; i < length; i++, shift += 8) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80) return murmur3Streamed(text, seed);
    tail |= unit << shift;
  }
  if (tail !== 0) h ^= scramble(tail);
  return finalMix(h ^ length);
}

function mixBlock(h: number, block: number): number {
  const mixed = h ^ scramble(block);
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}

// Any string, encoded to UTF-8 on the fly.
function murmur3Streamed(text: string, seed: number): number {
  hash = seed | 0;
  block = 0;
  blockBits = 0;
  byteCount = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      pushByte(unit);
    } else if (unit < 0x800) {
      pushByte(0xc0 | (unit >> 6));
      pushByte(0x80 | (unit & 0x3f));
    } else if (unit >= 0xd800 && unit < 0xdc00 && isLowSurrogate(text.charCodeAt(i + 1))) {
      const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      pushByte(0xf0 | (codePoint >> 18));
      pushByte(0x80 | ((codePoint >> 12) & 0x3f));
      pushByte(0x80 | ((codePoint >> 6) & 0x3f));
      pushByte(0x80 | (codePoint & 0x3f));
    } else {
      // A lone surrogate encodes as U+FFFD, as TextEncoder does.
      const code = unit >= 0xd800 && unit < 0xe000 ? 0xfffd : unit;
      pushByte(0xe0 | (code >> 12));
      pushByte(0x80 | ((code >> 6) & 0x3f));
      pushByte(0x80 | (code & 0x3f));
    }
  }
  if (blockBits > 0) hash ^= scramble(block);
  return finalMix(hash ^ byteCount);
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit < 0xe000;
}

function finalMix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
