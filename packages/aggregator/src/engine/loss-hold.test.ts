import { LossHold } from './loss-hold';

describe('LossHold', () => {
  it('holds nothing when no restore point was lost', () => {
    const hold = new LossHold(undefined, 1_000, 2_000);
    expect(hold.awaitingRecord).toBe(false);
    expect(hold.holds(0)).toBe(false);
    expect(hold.point()).toBeUndefined();
  });

  it('holds every window until the first record after the gap bounds the lost events', () => {
    const hold = new LossHold({ through: undefined }, 10_000, 2_000);
    expect(hold.awaitingRecord).toBe(true);
    expect(hold.holds(1e15)).toBe(true);
    hold.fixBound(50_000);
    expect(hold.awaitingRecord).toBe(false);
    expect(hold.holds(52_000)).toBe(true);
    expect(hold.holds(52_001)).toBe(false);
    expect(hold.point()).toEqual({ through: 52_000 });
  });

  it('bounds by the stored watermark when the first record after the gap is older', () => {
    const hold = new LossHold({ through: undefined }, 90_000, 2_000);
    hold.fixBound(50_000);
    expect(hold.point()).toEqual({ through: 92_000 });
  });

  it('keeps a restored bound without waiting for a record', () => {
    const hold = new LossHold({ through: 7_000 }, 90_000, 2_000);
    expect(hold.awaitingRecord).toBe(false);
    expect(hold.holds(7_000)).toBe(true);
    expect(hold.holds(7_001)).toBe(false);
  });
});
