import { seededRandom } from '../support/seeded-random';

/** An app event as the hostile suite's source declares it. */
export interface AppEvent {
  readonly event_id?: string;
  readonly user_id: string;
  readonly ts: number;
  readonly page: string;
  readonly [extra: string]: unknown;
}

/** Events whose exact counts per (10 s window, page) are known, and those counts. */
export interface KnownTraffic {
  readonly events: readonly AppEvent[];
  /** Events per `windowStart|page`, as the speed layer counts them (every delivered event). */
  readonly speedCounts: ReadonlyMap<string, number>;
  /** Events per `windowStart|page`, as the batch layer counts them (one per event id). */
  readonly batchCounts: ReadonlyMap<string, number>;
}

export const WINDOW_MS = 10_000;
const PAGES = ['/home', '/cart', '/search', '/item', '/checkout'];

export const countKey = (windowStart: number, page: string): string => `${windowStart}|${page}`;

/**
 * `count` ordinary events over `spanMs` of event time from `startMs`, with
 * unique ids; then `duplicated` events sent twice with the same id on page
 * /dup (a device retrying), and `withoutId` events with no id on page /noid.
 */
export function knownTraffic(seed: number, startMs: number, spanMs: number, { count, duplicated, withoutId }: { count: number; duplicated: number; withoutId: number }): KnownTraffic {
  const random = seededRandom(seed);
  const at = () => startMs + Math.floor(random() * spanMs);
  const events: AppEvent[] = [];
  for (let i = 0; i < count; i++) {
    events.push({ event_id: `n${seed}-${i}`, user_id: `u${Math.floor(random() * 40)}`, ts: at(), page: PAGES[Math.floor(random() * PAGES.length)] as string, latency_ms: Math.floor(random() * 500) });
  }
  for (let i = 0; i < duplicated; i++) {
    const event = { event_id: `d${seed}-${i}`, user_id: `u${i % 40}`, ts: at(), page: '/dup' };
    events.push(event, { ...event });
  }
  for (let i = 0; i < withoutId; i++) events.push({ user_id: `u${i % 40}`, ts: at(), page: '/noid' });
  shuffle(events, random);
  return { events, speedCounts: countBy(events), batchCounts: countBy(uniqueById(events)) };
}

function countBy(events: readonly AppEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = countKey(Math.floor(event.ts / WINDOW_MS) * WINDOW_MS, event.page);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function uniqueById(events: readonly AppEvent[]): AppEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => event.event_id === undefined || (!seen.has(event.event_id) && seen.add(event.event_id) !== undefined));
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
