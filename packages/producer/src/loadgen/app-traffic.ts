import type { SourceDefinition } from '@sluice/core';
import { uuidV7 } from '../event/uuid-v7';
import type { AppEvent } from './generated-event';
import type { Random } from './random';

const HOT_PAGES = ['/', '/search', '/cart', '/product/1'] as const;
const COUNTRIES = [['US', 30], ['KR', 20], ['IN', 12], ['DE', 10], ['JP', 10], ['BR', 8], ['GB', 6], ['FR', 4]] as const;
const DEVICES = [['mobile', 60], ['desktop', 35], ['tablet', 5]] as const;
const EVENT_TYPES = [['page_view', 70], ['click', 22], ['purchase', 5], ['signup', 3]] as const;
/** A user idle this long (event time) starts a new session. */
const SESSION_IDLE_MS = 30 * 60_000;

interface User {
  readonly id: string;
  readonly country: string;
  readonly device: string;
  session: number;
  lastTs: number;
}

/** Shapes the natural stream: who acts, how often, and where the event times fall. */
export interface TrafficOptions {
  readonly events: number;
  readonly startMs: number;
  /** Mean event-time gap between consecutive events. */
  readonly timeStepMs: number;
  /** Indices in [spikeFrom, spikeTo) come `spike` times as densely. */
  readonly spike: number;
  readonly spikeFrom: number;
  readonly spikeTo: number;
}

/**
 * Realistic app-navigation events in event-time order: a skewed population of
 * users with sticky country and device, sessions that restart after 30 idle
 * minutes, a few hot pages, occasional purchases with whole-unit amounts.
 */
export function appTraffic(source: SourceDefinition, options: TrafficOptions, random: Random): AppEvent[] {
  const userCount = Math.max(20, Math.round(options.events / 25));
  const users = new Map<number, User>();
  const events: AppEvent[] = [];
  let ts = options.startMs;
  for (let index = 0; index < options.events; index++) {
    const inSpike = index >= options.spikeFrom && index < options.spikeTo;
    if (index > 0) ts += Math.round(random.exponential(options.timeStepMs / (inSpike ? options.spike : 1)));
    const user = userAt(users, Math.floor(userCount * random.next() ** 2), random);
    if (ts - user.lastTs > SESSION_IDLE_MS) user.session += 1;
    user.lastTs = ts;
    const type = random.weighted(EVENT_TYPES);
    const event: Record<string, string | number> = {
      event_id: uuidV7(ts, Uint8Array.from({ length: 10 }, () => random.int(0, 255))),
      ts,
      user_id: user.id,
      session_id: `${user.id}-s${user.session}`,
      type,
      page: pickPage(random),
      country: user.country,
      device: user.device,
      latency_ms: Math.max(1, Math.round(Math.exp(4.5 + 0.6 * random.normal()))),
    };
    if (type === 'purchase') event['amount'] = Math.round(5 + random.exponential(60));
    // A pipeline may name its id, time and key fields differently; fill those names too.
    event[source.id] = event['event_id'] as string;
    event[source.timestamp] = ts;
    if (event[source.key] === undefined) event[source.key] = user.id;
    events.push(event);
  }
  return events;
}

function userAt(users: Map<number, User>, index: number, random: Random): User {
  let user = users.get(index);
  if (!user) {
    user = { id: `u${String(index).padStart(5, '0')}`, country: random.weighted(COUNTRIES), device: random.weighted(DEVICES), session: 0, lastTs: -Infinity };
    users.set(index, user);
  }
  return user;
}

function pickPage(random: Random): string {
  if (random.next() < 0.6) return HOT_PAGES[random.int(0, HOT_PAGES.length - 1)] as string;
  return random.next() < 0.7 ? `/product/${random.int(2, 200)}` : `/category/${random.int(1, 12)}`;
}
