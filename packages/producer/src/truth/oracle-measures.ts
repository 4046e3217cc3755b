import type { Measure } from '@sluice/core';
import { stringifyValue } from './stringify-value';

type Event = Readonly<Record<string, unknown>>;

/**
 * One measure over a window's events, computed the plain way: count, sum of
 * the numbers (0 when none), min/max/avg (null when none), exact distinct
 * count, and the exact quantile ClickHouse's quantileExact picks.
 */
export function oracleMeasure(measure: Measure, events: readonly Event[]): number | null {
  if (measure.kind === 'count') return events.length;
  if (measure.kind === 'uniq') {
    const seen = new Set<string>();
    for (const event of events) {
      const value = event[measure.field];
      if (value !== undefined && value !== null) seen.add(stringifyValue(value));
    }
    return seen.size;
  }
  const numbers = events.map((event) => event[measure.field]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  switch (measure.kind) {
    case 'sum':
      return numbers.reduce((total, value) => total + value, 0);
    case 'min':
      return numbers.length === 0 ? null : numbers.reduce((low, value) => (value < low ? value : low));
    case 'max':
      return numbers.length === 0 ? null : numbers.reduce((high, value) => (value > high ? value : high));
    case 'avg':
      return numbers.length === 0 ? null : numbers.reduce((total, value) => total + value, 0) / numbers.length;
    case 'quantile': {
      if (numbers.length === 0) return null;
      const sorted = [...numbers].sort((a, b) => a - b);
      return sorted[Math.min(Math.floor(measure.q * sorted.length), sorted.length - 1)] as number;
    }
  }
}
