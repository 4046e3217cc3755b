import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then refills at its rate and says how long to wait', () => {
    let now = 1_000;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(1), bucket.take(1), bucket.take(1)]).toEqual([0, 0, 0]);
    expect(bucket.take(1)).toBe(500);
    now += 500;
    expect(bucket.take(1)).toBe(0);
    expect(bucket.take(2)).toBe(1_000);
    now += 60_000;
    // Idle time refills only up to the burst.
    expect(bucket.take(3)).toBe(0);
    expect(bucket.take(1)).toBe(500);
  });
});
