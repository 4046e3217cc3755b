import { groupKeyOf, matchesWhere, windowKindOf, type SourceDefinition, type ViewDefinition } from '@sluice/core';
import type { AppEvent } from './generated-event';

/** Extra event time beyond the strict bound, so that "late" never hinges on one millisecond. */
export const LATE_MARGIN_MS = 1_000;

const NO_TIMES: readonly number[] = Object.freeze([]);

/**
 * Decides when an event is unambiguously late for every view under the speed
 * layer's rule: per partition, watermark = max event time - maxOutOfOrderness,
 * and an event is late once watermark >= its window end + the view's lateness.
 * Session ends chain through the group's events already sent on time.
 */
export class LateRule {
  /** Per view whose windows chain through a group's events (sessions): group -> event times sent on time, ascending. */
  private readonly sessionTimes = new Map<string, Map<string, number[]>>();

  constructor(
    private readonly source: SourceDefinition,
    private readonly views: readonly ViewDefinition[],
    private readonly maxOutOfOrdernessMs: number,
  ) {
    for (const view of views) if (windowKindOf(view.window).oracle.tracksGroupTimes) this.sessionTimes.set(view.name, new Map());
  }

  /** The event time a partition must have seen before `event` is late everywhere, by the windows alone. */
  static horizonMs(views: readonly ViewDefinition[], maxOutOfOrdernessMs: number): number {
    const reach = views.map((view) => windowKindOf(view.window).eventReachMs(view.window) + view.latenessMs);
    return maxOutOfOrdernessMs + Math.max(0, ...reach) + LATE_MARGIN_MS;
  }

  /** Records an event sent on time, so later session checks see it. */
  noteOnTime(event: AppEvent, ts: number): void {
    for (const view of this.views) {
      const byGroup = this.sessionTimes.get(view.name);
      if (!byGroup || !matchesWhere(event, view.where)) continue;
      const key = this.groupKey(view, event);
      const times = byGroup.get(key) ?? [];
      times.splice(upperBound(times, ts), 0, ts);
      byGroup.set(key, times);
    }
  }

  /** True when `event` at `ts` is late for every view, given its partition's max event time. */
  isLate(event: AppEvent, ts: number, partitionMaxTs: number): boolean {
    const watermark = partitionMaxTs - this.maxOutOfOrdernessMs;
    return this.views.every((view) => {
      if (view.source !== this.source.name || !matchesWhere(event, view.where)) return true;
      const times = this.sessionTimes.get(view.name)?.get(this.groupKey(view, event)) ?? NO_TIMES;
      const end = windowKindOf(view.window).oracle.endOf(view.window, ts, times);
      return watermark >= end + view.latenessMs + LATE_MARGIN_MS;
    });
  }

  private groupKey(view: ViewDefinition, event: AppEvent): string {
    return groupKeyOf(event, view.groupBy);
  }
}

/** Index of the first element greater than `value` in an ascending array. */
function upperBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
