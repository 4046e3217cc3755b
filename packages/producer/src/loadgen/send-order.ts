import type { AppEvent, SendKind } from './generated-event';
import type { LateRule } from './late-rule';

/** One natural event with the dice already rolled for it. */
export interface PlannedEvent {
  readonly event: AppEvent;
  readonly ts: number;
  readonly key: string;
  readonly partition: number;
  /** Whether to try to send it late (it stays on time when no late moment comes). */
  readonly lateCandidate: boolean;
  /** Event-time delay for an out-of-order send; undefined sends it in order. */
  readonly delayMs: number | undefined;
  /** Event-time delay of its duplicate; undefined sends no duplicate. */
  readonly duplicateDelayMs: number | undefined;
}

export interface OrderedRecord {
  readonly planned: PlannedEvent;
  readonly kind: SendKind;
}

interface Delayed {
  readonly planned: PlannedEvent;
  readonly releaseTs: number;
  readonly kind: 'out-of-order' | 'duplicate';
}

/**
 * Builds the send sequence from events in event-time order. Out-of-order
 * events and duplicates wait until the stream passes `ts + delay` (delays are
 * below maxOutOfOrderness, so they are never late); late candidates wait until
 * their partition has moved far enough for `rule` to call them late everywhere.
 * Returns the sequence and the candidates that never got there.
 */
export function orderSends(planned: readonly PlannedEvent[], rule: LateRule): { records: OrderedRecord[]; stranded: Set<PlannedEvent> } {
  const records: OrderedRecord[] = [];
  const delayed: Delayed[] = [];
  const pendingLate = new Map<number, PlannedEvent[]>();
  const partitionMax = new Map<number, number>();

  const sendOnTime = (item: PlannedEvent, kind: SendKind) => {
    records.push({ planned: item, kind });
    rule.noteOnTime(item.event, item.ts);
    partitionMax.set(item.partition, Math.max(partitionMax.get(item.partition) ?? -Infinity, item.ts));
    if (kind !== 'duplicate' && item.duplicateDelayMs !== undefined) {
      insertDelayed(delayed, { planned: item, releaseTs: item.ts + item.duplicateDelayMs, kind: 'duplicate' });
    }
    const waiting = pendingLate.get(item.partition) ?? [];
    const maxTs = partitionMax.get(item.partition) as number;
    for (let index = 0; index < waiting.length; ) {
      const candidate = waiting[index] as PlannedEvent;
      if (rule.isLate(candidate.event, candidate.ts, maxTs)) {
        records.push({ planned: candidate, kind: 'late' });
        waiting.splice(index, 1);
      } else {
        index++;
      }
    }
  };

  for (const item of planned) {
    while (delayed.length > 0 && (delayed[0] as Delayed).releaseTs < item.ts) {
      const next = delayed.shift() as Delayed;
      sendOnTime(next.planned, next.kind);
    }
    if (item.lateCandidate) {
      const waiting = pendingLate.get(item.partition) ?? [];
      waiting.push(item);
      pendingLate.set(item.partition, waiting);
    } else if (item.delayMs !== undefined) {
      insertDelayed(delayed, { planned: item, releaseTs: item.ts + item.delayMs, kind: 'out-of-order' });
    } else {
      sendOnTime(item, 'normal');
    }
  }
  while (delayed.length > 0) {
    const next = delayed.shift() as Delayed;
    sendOnTime(next.planned, next.kind);
  }
  return { records, stranded: new Set([...pendingLate.values()].flat()) };
}

function insertDelayed(queue: Delayed[], entry: Delayed): void {
  let index = queue.length;
  while (index > 0 && (queue[index - 1] as Delayed).releaseTs > entry.releaseTs) index--;
  queue.splice(index, 0, entry);
}
