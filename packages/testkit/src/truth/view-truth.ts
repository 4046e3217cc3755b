import { groupValueString, groupValues, matchesWhere, measureKindOf, parseEventTime, windowKindOf, type SourceDefinition, type ViewDefinition } from '@sluice/core';
import type { TruthRow } from './truth-types';

type Event = Readonly<Record<string, unknown>>;

/**
 * The exact rows of one view over `events`, sorted by window start, then
 * group: per group, the windows and measure values that the view's window and
 * measure kinds' oracles compute from their definitions.
 */
export function viewTruth(view: ViewDefinition, source: SourceDefinition, events: readonly Event[]): TruthRow[] {
  const byGroup = new Map<string, { event: Event; ts: number }[]>();
  for (const event of events) {
    if (!matchesWhere(event, view.where)) continue;
    const ts = parseEventTime(event[source.timestamp]) as number | undefined;
    if (ts === undefined) continue;
    const key = JSON.stringify(groupValues(event, view.groupBy));
    const entries = byGroup.get(key);
    if (entries) entries.push({ event, ts });
    else byGroup.set(key, [{ event, ts }]);
  }
  const oracle = windowKindOf(view.window).oracle;
  const rows: TruthRow[] = [];
  for (const [key, entries] of byGroup) {
    const group = JSON.parse(key) as string[];
    for (const { interval, members } of oracle.windowsOf(view.window, entries.map((entry) => entry.ts))) {
      const windowEvents = members.map((index) => (entries[index] as { event: Event }).event);
      const measures = Object.fromEntries(view.measures.map((measure) => [measure.name, measureKindOf(measure).oracle(measure, windowEvents, groupValueString)]));
      rows.push({ windowStart: interval.start, windowEnd: interval.end, group, measures });
    }
  }
  return rows.sort(compareRows);
}

/** Orders rows by window start, then window end, then group values. */
export function compareRows(a: TruthRow, b: TruthRow): number {
  if (a.windowStart !== b.windowStart) return a.windowStart - b.windowStart;
  if (a.windowEnd !== b.windowEnd) return a.windowEnd - b.windowEnd;
  const left = JSON.stringify(a.group);
  const right = JSON.stringify(b.group);
  return left < right ? -1 : left > right ? 1 : 0;
}
