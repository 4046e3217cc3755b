import { idleWatermarks } from './idle-watermarks';
import { PartitionWatermark } from './partition-watermark';
import { isLate, isWindowClosed } from './window-close';

describe('PartitionWatermark', () => {
  it('is -Infinity before any event, then max event time minus the bound', () => {
    const watermark = new PartitionWatermark(5_000);
    expect(watermark.current()).toBe(-Infinity);
    watermark.observe(100_000);
    watermark.observe(90_000);
    expect(watermark.current()).toBe(95_000);
    expect(watermark.maxEventTime()).toBe(100_000);
  });

  it('only moves forward, also when advanced for idleness or restored', () => {
    const watermark = new PartitionWatermark(1_000);
    watermark.advanceTo(50_000);
    expect(watermark.current()).toBe(50_000);
    watermark.observe(40_000);
    expect(watermark.current()).toBe(50_000);
    watermark.advanceTo(10_000);
    watermark.observe(60_000);
    expect(watermark.current()).toBe(59_000);
  });
});

describe('window closing', () => {
  it('closes a window once the watermark reaches its end plus the lateness', () => {
    expect(isWindowClosed(60_000, 30_000, 89_999)).toBe(false);
    expect(isWindowClosed(60_000, 30_000, 90_000)).toBe(true);
    expect(isWindowClosed(60_000, 0, -Infinity)).toBe(false);
  });

  it('calls an event late by the same rule', () => {
    expect(isLate(60_000, 30_000, 89_999)).toBe(false);
    expect(isLate(60_000, 30_000, 90_000)).toBe(true);
  });
});

describe('idleWatermarks', () => {
  const settings = { idleTimeoutMs: 10_000, maxOutOfOrdernessMs: 2_000 };

  it('raises idle partitions to the highest active watermark', () => {
    const now = 1_000_000;
    const result = idleWatermarks(
      [
        { watermark: 500, lastRecordAt: now - 20_000 },
        { watermark: 900, lastRecordAt: now - 1_000 },
        { watermark: 700, lastRecordAt: now },
        { watermark: 950, lastRecordAt: now - 10_000 },
      ],
      now,
      settings,
    );
    expect(result).toEqual([900, 900, 700, 950]);
  });

  it('raises every partition to now - bound - idle timeout when all are idle, never lowering one', () => {
    const now = 1_000_000;
    const result = idleWatermarks(
      [
        { watermark: -Infinity, lastRecordAt: now - 60_000 },
        { watermark: 995_000, lastRecordAt: now - 15_000 },
      ],
      now,
      settings,
    );
    expect(result).toEqual([988_000, 995_000]);
  });

  it('leaves active partitions alone', () => {
    expect(idleWatermarks([{ watermark: 5, lastRecordAt: 0 }], 9_999, settings)).toEqual([5]);
    expect(idleWatermarks([], 0, settings)).toEqual([]);
  });
});
