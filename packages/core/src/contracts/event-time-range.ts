import type { EventTimeBounds, WindowSpec } from '../config/types';
import { formatDuration } from '../time/duration';
import { windowKindOf } from '../windows/window-kinds';

/** The reason an event time outside its source's bounds, or outside what every layer can store, is refused with. */
export const EVENT_TIME_OUT_OF_RANGE = 'event_time_out_of_range';

/**
 * Event times every layer can hold, `[fromMs, untilMs)`: window starts the
 * sink accepts (from the epoch, never negative) up to a limit far inside
 * ClickHouse's DateTime64(3) (which ends in 2299), so a window end or a
 * session gap past the last event still fits.
 */
export const STORABLE_EVENT_TIME = { fromMs: 0, untilMs: Date.UTC(2200, 0, 1) } as const;

/** The event times whose every window starts at or after the epoch and ends by the storable limit. */
export function storableEventTimes(windows: readonly WindowSpec[]): Pick<EventTimeBounds, 'earliestMs' | 'latestMs'> {
  // A hopping window holding an event may start (size - hop) before it; any window may end size (or gap) after it.
  const lead = Math.max(0, ...windows.map((window) => windowKindOf(window).firstWindowLeadMs(window)));
  const reach = Math.max(0, ...windows.map((window) => windowKindOf(window).eventReachMs(window)));
  return { earliestMs: STORABLE_EVENT_TIME.fromMs + lead, latestMs: STORABLE_EVENT_TIME.untilMs - reach };
}

/** The time an event time is checked against: a record's timestamp, or ingest's arrival time, and what to call it. */
export interface EventTimeReference {
  readonly ms: number;
  readonly name: string;
}

/**
 * Why `eventTime` (of `field`) is outside what its source accepts, or
 * undefined when it is inside. The storable range always applies; the
 * source's maxFuture and maxPast apply around the reference, when there is one.
 */
export function eventTimeRangeIssue(bounds: EventTimeBounds, field: string, eventTime: number, reference: EventTimeReference | undefined): string | undefined {
  // Every event passes through here: the words are built only for an event that is refused.
  const at = () => `${field} ${renderTime(eventTime)}`;
  if (!(eventTime >= bounds.earliestMs && eventTime <= bounds.latestMs)) {
    return `${at()} is outside the event times every layer can store (${renderTime(bounds.earliestMs)} to ${renderTime(bounds.latestMs)})`;
  }
  if (reference === undefined) return undefined;
  if (eventTime > reference.ms + bounds.maxFutureMs) return `${at()} is more than maxFuture (${formatDuration(bounds.maxFutureMs)}) after ${reference.name} ${renderTime(reference.ms)}`;
  if (eventTime < reference.ms - bounds.maxPastMs) return `${at()} is more than maxPast (${formatDuration(bounds.maxPastMs)}) before ${reference.name} ${renderTime(reference.ms)}`;
  return undefined;
}

/**
 * A Kafka record's timestamp (epoch ms as kafkajs gives it) as a reference,
 * or undefined when the record carries none (-1 in old message formats).
 */
export function recordTimestampReference(timestamp: string | undefined): EventTimeReference | undefined {
  const ms = timestamp === undefined ? NaN : Number(timestamp);
  return Number.isSafeInteger(ms) && ms >= 0 ? { ms, name: "the record's timestamp" } : undefined;
}

/** ISO-8601 where Date can render it; the bare number beyond (1e21 has no date). */
function renderTime(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
