import { formatDuration, parseDuration } from './duration';
import { parseEventTime } from './event-time';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1m', 60_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    [250, 250],
  ])('reads %p', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(['-5s', '5 minutes', '', 'abc', -1, 1.5e-1 + 'ms'])('rejects %p', (input) => expect(parseDuration(input)).toBeUndefined());

  it('formats back to the shortest exact unit', () => {
    expect([60_000, 1_500, 3_600_000, 0].map(formatDuration)).toEqual(['1m', '1500ms', '1h', '0ms']);
  });
});

describe('parseEventTime', () => {
  it('reads epoch milliseconds and ISO-8601, zone-less as UTC', () => {
    expect(parseEventTime(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(parseEventTime('1700000000123')).toBe(1_700_000_000_123);
    expect(parseEventTime('2024-01-02T03:04:05.678Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(parseEventTime('2024-01-02T03:04:05')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseEventTime('2024-01-02 03:04:05+02:00')).toBe(Date.UTC(2024, 0, 2, 1, 4, 5));
    expect(parseEventTime('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
  });

  it.each([null, undefined, 'yesterday', '2024-13-45T99:00:00Z', {}, NaN, true])('rejects %p', (value) => {
    expect(parseEventTime(value)).toBeUndefined();
  });
});
