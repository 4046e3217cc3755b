import type { Rejection } from './accept-batch';
import { summarizeRejections } from './rejection-summary';

describe('summarizeRejections', () => {
  it('lists at most the cap, in body order, and counts every rejection by reason', () => {
    const rejections: Rejection[] = Array.from({ length: 250 }, (_, index) => ({
      index,
      reason: index % 5 === 0 ? 'missing_key' : 'malformed_json',
      message: 'bad',
    }));
    const summary = summarizeRejections(rejections, 100);
    expect(summary.rejected).toHaveLength(100);
    expect(summary.rejected.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(summary.rejectedCount).toBe(250);
    expect(summary.rejectedByReason).toEqual({ missing_key: 50, malformed_json: 200 });
  });

  it('lists every rejection of a small batch', () => {
    const summary = summarizeRejections([{ index: 3, reason: 'bad_key', message: 'bad' }]);
    expect(summary).toEqual({ rejected: [{ index: 3, reason: 'bad_key', message: 'bad' }], rejectedCount: 1, rejectedByReason: { bad_key: 1 } });
  });
});
