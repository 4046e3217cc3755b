import { murmur3Utf8 } from './murmur3';

describe('murmur3Utf8', () => {
  // Expected values from ClickHouse: SELECT murmurHash3_32(s).
  it.each([
    ['', 0],
    ['hello', 613153351],
    ['The quick brown fox jumps over the lazy dog', 776992547],
    ['héllo wörld €😀', 2611321729],
  ])('hashes %j as ClickHouse murmurHash3_32 does', (text, expected) => {
    expect(murmur3Utf8(text)).toBe(expected);
  });

  it('hashes a lone surrogate as U+FFFD, the way UTF-8 encoders write it', () => {
    expect(murmur3Utf8('a\ud800b')).toBe(murmur3Utf8('a\ufffdb'));
    expect(murmur3Utf8('\udc00')).toBe(murmur3Utf8('\ufffd'));
  });

  it('uses the seed', () => {
    expect(murmur3Utf8('hello', 1)).not.toBe(murmur3Utf8('hello'));
  });
});
