import { lostRestorePoint, resumeAfterLoss } from './restore-point';

const at = (offset: number, nextOffset = offset, watermark = 5_000, checkpointed = false) => ({ offset, nextOffset, watermark, checkpointed });

describe('lostRestorePoint', () => {
  it('keeps a committed position inside the log', () => {
    expect(lostRestorePoint(at(10, 20), { earliest: 0, logEnd: 30 })).toBeUndefined();
    expect(lostRestorePoint(at(10, 20), { earliest: 10, logEnd: 20 })).toBeUndefined();
  });

  it('keeps a partition read to its end whose records were all deleted afterwards', () => {
    expect(lostRestorePoint(at(30), { earliest: 30, logEnd: 30 })).toBeUndefined();
  });

  it('finds records deleted before the replay point L was read again (current commits: L below earliest, N above)', () => {
    expect(lostRestorePoint(at(10, 20), { earliest: 15, logEnd: 30 })).toEqual({ cause: 'deleted', committed: 10, nextOffset: 20, earliest: 15, logEnd: 30, watermark: 5_000 });
  });

  it('finds records deleted past the read position N (checkpoint commits: committed = N)', () => {
    expect(lostRestorePoint(at(20), { earliest: 25, logEnd: 30 })?.cause).toBe('deleted');
  });

  it('finds a recreated topic by a committed offset or an N past the log end', () => {
    expect(lostRestorePoint(at(40), { earliest: 0, logEnd: 12 })?.cause).toBe('recreated');
    expect(lostRestorePoint(at(5, 40), { earliest: 0, logEnd: 12 })?.cause).toBe('recreated');
  });
});

describe('resumeAfterLoss', () => {
  it('resumes at the earliest offset with the stored watermark, replaying what was read before without resending it', () => {
    const lost = lostRestorePoint(at(10, 20), { earliest: 15, logEnd: 30 })!;
    expect(resumeAfterLoss(lost, false)).toEqual({ offset: 15, nextOffset: 20, watermark: 5_000, checkpointed: false, hold: { through: undefined } });
  });

  it('replays nothing when everything up to past N is gone', () => {
    expect(resumeAfterLoss(lostRestorePoint(at(20), { earliest: 25, logEnd: 30 })!, false).nextOffset).toBe(25);
  });

  it('reads a recreated log live from its start: its records are new', () => {
    expect(resumeAfterLoss(lostRestorePoint(at(5, 40), { earliest: 0, logEnd: 12 })!, false)).toMatchObject({ offset: 0, nextOffset: 0 });
  });

  it('keeps checkpointed states after a trim, and drops them for a recreated log, whose offsets start again', () => {
    expect(resumeAfterLoss(lostRestorePoint(at(20, 20, 5_000, true), { earliest: 25, logEnd: 30 })!, true)).toMatchObject({ offset: 25, nextOffset: 25, checkpointed: true });
    expect(resumeAfterLoss(lostRestorePoint(at(40, 40, 5_000, true), { earliest: 0, logEnd: 12 })!, true)).toMatchObject({ offset: 0, checkpointed: false });
  });
});
