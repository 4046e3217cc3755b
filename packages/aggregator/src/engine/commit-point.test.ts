import { decodeCommitMetadata, encodeCommitMetadata } from './commit-point';

describe('commit metadata', () => {
  it('round-trips the watermark and next offset', () => {
    const text = encodeCommitMetadata({ offset: 5, watermark: 1_700_000_000_000, nextOffset: 42, checkpointed: false });
    expect(text).toBe('{"w":1700000000000,"n":42}');
    expect(decodeCommitMetadata(text)).toEqual({ watermark: 1_700_000_000_000, nextOffset: 42, checkpointed: false });
  });

  it('marks a checkpointed commit, and reads the format of commits without checkpoints as not checkpointed', () => {
    const text = encodeCommitMetadata({ offset: 42, watermark: 7, nextOffset: 42, checkpointed: true });
    expect(decodeCommitMetadata(text)).toEqual({ watermark: 7, nextOffset: 42, checkpointed: true });
    expect(decodeCommitMetadata('{"w":7,"n":42}')?.checkpointed).toBe(false);
  });

  it('keeps an unset watermark as -Infinity', () => {
    expect(decodeCommitMetadata(encodeCommitMetadata({ offset: 0, watermark: -Infinity, nextOffset: 0, checkpointed: false }))).toEqual({ watermark: -Infinity, nextOffset: 0, checkpointed: false });
  });

  it('carries a hold after a lost restore point, fixed or still waiting for its first record', () => {
    expect(decodeCommitMetadata(encodeCommitMetadata({ offset: 5, watermark: 10, nextOffset: 7, checkpointed: false, hold: { through: 99 } }))).toEqual({ watermark: 10, nextOffset: 7, checkpointed: false, hold: { through: 99 } });
    expect(decodeCommitMetadata(encodeCommitMetadata({ offset: 7, watermark: 10, nextOffset: 7, checkpointed: true, hold: { through: undefined } }))).toEqual({ watermark: 10, nextOffset: 7, checkpointed: true, hold: { through: undefined } });
    expect(encodeCommitMetadata({ offset: 5, watermark: 10, nextOffset: 7, checkpointed: false, hold: undefined })).toBe('{"w":10,"n":7}');
  });

  it('ignores metadata that is not ours', () => {
    expect(decodeCommitMetadata('')).toBeUndefined();
    expect(decodeCommitMetadata('event-id-3')).toBeUndefined();
    expect(decodeCommitMetadata('{"n":-1}')).toBeUndefined();
  });
});
