import { parseEventTime } from '../time/event-time';
import { alignDown, forEachWindow, windowsOf, type FixedWindowSpec } from './fixed-windows';
import { seededRandom } from '../../../../test/support/seeded-random';

describe('forEachWindow', () => {
  it('puts an event in the one tumbling minute that holds it, half-open', () => {
    const minute: FixedWindowSpec = { type: 'tumbling', sizeMs: 60_000 };
    expect(windowsOf(minute, 120_000)).toEqual([{ start: 120_000, end: 180_000 }]);
    expect(windowsOf(minute, 179_999)).toEqual([{ start: 120_000, end: 180_000 }]);
    expect(windowsOf(minute, -1)).toEqual([{ start: -60_000, end: 0 }]);
  });

  it('aligns windows of ISO-8601 times to UTC, not local time', () => {
    const ts = parseEventTime('2026-03-01T10:07:30+02:00') as number;
    const hour: FixedWindowSpec = { type: 'tumbling', sizeMs: 3_600_000 };
    expect(windowsOf(hour, ts)).toEqual([
      { start: Date.parse('2026-03-01T08:00:00Z'), end: Date.parse('2026-03-01T09:00:00Z') },
    ]);
  });

  it('puts an event in size / hop hopping windows, oldest first', () => {
    const spec: FixedWindowSpec = { type: 'hopping', sizeMs: 300, hopMs: 60 };
    expect(windowsOf(spec, 130).map((window) => window.start)).toEqual([-120, -60, 0, 60, 120]);
  });

  it('assigns every time to exactly size / hop aligned windows that contain it (10,000 random cases)', () => {
    const random = seededRandom(7);
    const problems: string[] = [];
    for (let run = 0; run < 10_000; run++) {
      const hop = 1 + Math.floor(random() * 5_000);
      const spec: FixedWindowSpec =
        random() < 0.3
          ? { type: 'tumbling', sizeMs: hop }
          : { type: 'hopping', sizeMs: hop * (1 + Math.floor(random() * 12)), hopMs: hop };
      const ts = Math.floor((random() - 0.2) * 4e12);
      const starts: number[] = [];
      let allHoldTs = true;
      forEachWindow(spec, ts, (start, end) => {
        allHoldTs &&= end - start === spec.sizeMs && start <= ts && ts < end && alignDown(start, hop) === start;
        starts.push(start);
      });
      const first = starts[0] as number;
      const last = starts[starts.length - 1] as number;
      const consecutive = starts.every((start, i) => i === 0 || start - (starts[i - 1] as number) === hop);
      // The aligned windows just before the first and after the last visited one do not hold ts.
      const complete = first - hop + spec.sizeMs <= ts && last + hop > ts;
      if (!(allHoldTs && consecutive && complete && starts.length === spec.sizeMs / hop)) {
        problems.push(`${JSON.stringify(spec)} at ${ts}: ${starts.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
