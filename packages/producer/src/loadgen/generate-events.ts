import { SluiceError, type PipelineConfig } from '@sluice/core';
import { partitionOf, recordKey } from '../event/record-key';
import { appTraffic } from './app-traffic';
import type { AppEvent, GeneratedEvent, GeneratedRun } from './generated-event';
import { LateRule } from './late-rule';
import { seededRandom } from './random';
import { orderSends, type PlannedEvent } from './send-order';

/** What `sluice loadgen` generates; every fraction is in [0, 1]. */
export interface GenerateOptions {
  /** Distinct events; duplicates come on top. */
  readonly events: number;
  /** Events per second at the base rate. */
  readonly rate: number;
  readonly late?: number;
  readonly duplicates?: number;
  readonly outOfOrder?: number;
  /** The middle tenth of the run comes this many times faster (1 = no spike). */
  readonly spike?: number;
  readonly seed?: number;
  /** Event time of the first event; default such that the run ends near now. */
  readonly startMs?: number;
  /** Mean event-time gap between events; default 1000 / rate. */
  readonly timeStepMs?: number;
  /** The source to generate for; default the first one. */
  readonly source?: string;
  /** Clock for the default start. */
  readonly now?: () => number;
}

/** Share of maxOutOfOrderness that out-of-order delays and duplicates may use. */
const DELAY_SHARE = 0.8;

/**
 * Deterministic app-navigation traffic for a seed, in send order, each record
 * marked normal, out-of-order, duplicate or late. Late records are sent only
 * once their partition's watermark has passed their window end + lateness for
 * every view; candidates that never get there are sent on time instead.
 * Late records belong to "offline" users (ids `o0000`...) who send nothing on time.
 */
export function generateEvents(config: PipelineConfig, options: GenerateOptions): GeneratedRun {
  const sourceName = options.source ?? Object.keys(config.sources)[0];
  const source = sourceName === undefined ? undefined : config.sources[sourceName];
  if (!source || sourceName === undefined) throw new SluiceError('LOADGEN_USAGE', `no source ${options.source ?? ''} in this pipeline; defined: ${Object.keys(config.sources).join(', ')}`);
  checkFraction('late', options.late);
  checkFraction('duplicates', options.duplicates);
  checkFraction('outOfOrder', options.outOfOrder);
  if (!(options.rate > 0)) throw new SluiceError('LOADGEN_USAGE', `rate (${options.rate}) must be above zero`);
  const spike = options.spike ?? 1;
  if (!(spike >= 1)) throw new SluiceError('LOADGEN_USAGE', `spike (${spike}) must be at least 1`);

  const timeStepMs = options.timeStepMs ?? 1000 / options.rate;
  const spikeFrom = Math.floor(options.events * 0.4);
  const spikeTo = spike > 1 ? Math.floor(options.events * 0.5) : spikeFrom;
  const spanMs = timeStepMs * (options.events - (spikeTo - spikeFrom) + (spikeTo - spikeFrom) / spike);
  const startMs = options.startMs ?? Math.round((options.now ?? Date.now)() - spanMs);
  const random = seededRandom(options.seed ?? 1);
  const events = appTraffic(source, { events: options.events, startMs, timeStepMs, spike, spikeFrom, spikeTo }, random);

  const maxOoo = config.aggregator.maxOutOfOrdernessMs;
  const views = config.views.filter((view) => view.source === sourceName);
  const horizon = LateRule.horizonMs(views, maxOoo);
  // Late events come from devices that were offline and upload their buffer later: users
  // with no on-time events, so their sessions cannot chain into open ones.
  const offlineUsers = Math.max(3, Math.round(events.length * (options.late ?? 0) * 0.05));
  const keyedOf = (event: AppEvent) => {
    const key = recordKey(event[source.key]);
    return { event, ts: event[source.timestamp] as number, key, partition: partitionOf(key, source.partitions) };
  };
  const natural = events.map(keyedOf);
  const lastTsOfPartition = new Map<number, number>();
  for (const item of natural) lastTsOfPartition.set(item.partition, item.ts);

  const draws = natural.map(() => {
    const offline = random.next() < (options.late ?? 0);
    const outOfOrder = random.next() < (options.outOfOrder ?? 0);
    const delayMs = Math.floor(random.next() * DELAY_SHARE * maxOoo);
    const duplicated = random.next() < (options.duplicates ?? 0);
    const duplicateDelayMs = Math.floor(random.next() * DELAY_SHARE * maxOoo);
    return { offline, outOfOrder, delayMs, duplicated, duplicateDelayMs };
  });
  const onTime = (index: number): PlannedEvent => {
    const draw = draws[index] as (typeof draws)[number];
    return {
      ...(natural[index] as (typeof natural)[number]),
      lateCandidate: false,
      delayMs: draw.outOfOrder ? draw.delayMs : undefined,
      duplicateDelayMs: draw.duplicated ? draw.duplicateDelayMs : undefined,
    };
  };
  let planned: PlannedEvent[] = natural.map((item, index) => {
    if (!(draws[index] as (typeof draws)[number]).offline) return onTime(index);
    const moved = keyedOf(asOfflineUser(item.event, source.key, index % offlineUsers));
    const reachable = (lastTsOfPartition.get(moved.partition) ?? -Infinity) > moved.ts + horizon;
    return reachable ? { ...moved, lateCandidate: true, delayMs: undefined, duplicateDelayMs: undefined } : onTime(index);
  });
  const indexOf = new Map(planned.map((item, index) => [item, index]));

  for (;;) {
    const { records, stranded } = orderSends(planned, new LateRule(source, views, maxOoo));
    if (stranded.size === 0) return { source: sourceName, records: paced(records, options.rate, spike, spikeFrom, spikeTo, options.events) };
    // Candidates whose partition never moved far enough go out on time, as their original user; plan again.
    planned = planned.map((item) => (stranded.has(item) ? onTime(indexOf.get(item) as number) : item));
  }
}

/** Send times at the base rate, `spike` times faster through the spike's share of the sequence. */
function paced(
  records: ReturnType<typeof orderSends>['records'],
  rate: number,
  spike: number,
  spikeFrom: number,
  spikeTo: number,
  events: number,
): GeneratedEvent[] {
  const scale = records.length / Math.max(1, events);
  let offset = 0;
  return records.map(({ planned, kind }, index) => {
    const inSpike = index >= spikeFrom * scale && index < spikeTo * scale;
    const record: GeneratedEvent = { event: planned.event, key: planned.key, partition: planned.partition, kind, sendOffsetMs: offset };
    offset += 1000 / rate / (inSpike ? spike : 1);
    return record;
  });
}

function asOfflineUser(event: AppEvent, keyField: string, user: number): AppEvent {
  const id = `o${String(user).padStart(4, '0')}`;
  return { ...event, [keyField]: id, user_id: id, session_id: `${id}-s0` };
}

function checkFraction(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) throw new SluiceError('LOADGEN_USAGE', `${name} (${value}) must be a fraction between 0 and 1`);
}
