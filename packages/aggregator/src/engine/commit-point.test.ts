import { decodeCommitMetadata, encodeCommitMetadata } from './commit-point';

describe('commit metadata', () => {
  it('round-trips the watermark and next offset', () => {
    const text = encodeCommitMetadata({ offset: 5, watermark: 1_700_000_000_000, nextOffset: 42 });
    expect(decodeCommitMetadata(text)).toEqual({ watermark: 1_700_000_000_000, nextOffset: 42 });
  });

  it('keeps an unset watermark as -Infinity', () => {
    expect(decodeCommitMetadata(encodeCommitMetadata({ offset: 0, watermark: -Infinity, nextOffset: 0 }))).toEqual({ watermark: -Infinity, nextOffset: 0 });
  });

  it('ignores metadata that is not ours', () => {
    expect(decodeCommitMetadata('')).toBeUndefined();
    expect(decodeCommitMetadata('event-id-3')).toBeUndefined();
    expect(decodeCommitMetadata('{"n":-1}')).toBeUndefined();
  });
});
