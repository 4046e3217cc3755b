import type { EpochMs } from './epoch';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads an event timestamp: epoch milliseconds (number or digit string) or
 * ISO-8601. A zone-less ISO time is taken as UTC, never as local time.
 * Returns undefined when the value is not a usable time.
 */
export function parseEventTime(value: unknown): EpochMs | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.trunc(value) as EpochMs) : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d{1,16}$/.test(value)) return Number(value) as EpochMs;
  if (!ISO_8601.test(value)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) && value.length > 10;
  const ms = Date.parse(hasZone ? value : `${value.replace(' ', 'T')}${value.length === 10 ? 'T00:00:00' : ''}Z`);
  return Number.isNaN(ms) ? undefined : (ms as EpochMs);
}
