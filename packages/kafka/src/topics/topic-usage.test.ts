import { retainedRecords } from './topic-usage';

describe('retained records of a topic', () => {
  it('adds up high watermark minus log start over the partitions', () => {
    expect(
      retainedRecords([
        { partition: 0, low: '0', high: '120' },
        { partition: 1, low: '100', high: '130' },
        { partition: 2, low: '7', high: '7' },
      ]),
    ).toBe(150);
  });

  it('counts a partition whose log start passed the high watermark (a stale read) as empty, not negative', () => {
    expect(retainedRecords([{ partition: 0, low: '10', high: '9' }])).toBe(0);
  });
});
