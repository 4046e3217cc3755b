import { parseEventTime, type SourceDefinition, type ViewDefinition } from '@sluice/core';
import { oracleMeasure } from './oracle-measures';
import { fixedWindowsOf, sessionRuns, type Interval } from './oracle-windows';
import { stringifyValue } from './stringify-value';
import type { TruthRow } from './truth-types';

type Event = Readonly<Record<string, unknown>>;

/** True when the event passes the view's `where`: each listed field present and, as text, one of its values. */
export function passesWhere(view: ViewDefinition, event: Event): boolean {
  return Object.entries(view.where).every(([field, allowed]) => {
    const raw = Object.hasOwn(event, field) ? event[field] : undefined;
    if (raw === undefined || raw === null) return false;
    const value = stringifyValue(raw);
    return allowed.some((candidate) => stringifyValue(candidate) === value);
  });
}

/** The exact rows of one view over `events`, sorted by window start, then group. */
export function viewTruth(view: ViewDefinition, source: SourceDefinition, events: readonly Event[]): TruthRow[] {
  const buckets = new Map<string, { interval: Interval; group: string[]; events: Event[] }>();
  const timed = events
    .filter((event) => passesWhere(view, event))
    .map((event) => ({ event, ts: parseEventTime(event[source.timestamp]) as number | undefined }))
    .filter((entry): entry is { event: Event; ts: number } => entry.ts !== undefined);
  const groupOf = (event: Event) => view.groupBy.map((field) => stringifyValue(event[field]));
  const window = view.window;

  if (window.type === 'session') {
    const byGroup = new Map<string, { event: Event; ts: number }[]>();
    for (const entry of timed) {
      const key = JSON.stringify(groupOf(entry.event));
      const list = byGroup.get(key);
      if (list) list.push(entry);
      else byGroup.set(key, [entry]);
    }
    for (const [key, entries] of byGroup) {
      for (const run of sessionRuns(entries.map((entry) => entry.ts), window.gapMs)) {
        const members = run.members.map((index) => (entries[index] as { event: Event }).event);
        buckets.set(`${run.interval.start}|${key}`, { interval: run.interval, group: JSON.parse(key) as string[], events: members });
      }
    }
  } else {
    for (const { event, ts } of timed) {
      const group = groupOf(event);
      for (const interval of fixedWindowsOf(ts, window)) {
        const key = `${interval.start}|${JSON.stringify(group)}`;
        const bucket = buckets.get(key) ?? { interval, group, events: [] };
        bucket.events.push(event);
        buckets.set(key, bucket);
      }
    }
  }

  return [...buckets.values()]
    .map(({ interval, group, events: members }) => ({
      windowStart: interval.start,
      windowEnd: interval.end,
      group,
      measures: Object.fromEntries(view.measures.map((measure) => [measure.name, oracleMeasure(measure, members)])),
    }))
    .sort(compareRows);
}

/** Orders rows by window start, then window end, then group values. */
export function compareRows(a: TruthRow, b: TruthRow): number {
  if (a.windowStart !== b.windowStart) return a.windowStart - b.windowStart;
  if (a.windowEnd !== b.windowEnd) return a.windowEnd - b.windowEnd;
  const left = JSON.stringify(a.group);
  const right = JSON.stringify(b.group);
  return left < right ? -1 : left > right ? 1 : 0;
}
