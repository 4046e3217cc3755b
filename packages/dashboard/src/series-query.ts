import { MEASURE_KINDS, qualifiedName, quoteIdentifier, servingViewName, windowKindOf, type MeasureKind, type ViewDefinition } from '@sluice/core';

/**
 * How a measure is shown as one line across all groups of a window:
 * additive measures add up, extremes keep the extreme, the rest average.
 * (A sum of per-group distinct counts is an upper bound of the overall distinct count.)
 */
export const ACROSS_GROUPS: Readonly<Record<MeasureKind, string>> = Object.fromEntries(Object.values(MEASURE_KINDS).map((kind) => [kind.kind, kind.acrossGroups])) as Record<MeasureKind, string>;

/**
 * SQL for the chart of one view: per window start and source (batch or speed),
 * each measure combined across groups, over the newest `windows` windows.
 */
export function seriesQuery(database: string, view: ViewDefinition, windows: number): string {
  const table = qualifiedName(database, servingViewName(view.name));
  const measures = view.measures.map((m) => `${ACROSS_GROUPS[m.kind]}(${quoteIdentifier(m.name)}) AS ${quoteIdentifier(m.name)}`);
  return [
    `SELECT toUnixTimestamp64Milli(window_start) AS t, source, ${measures.join(', ')}`,
    `FROM ${table}`,
    `WHERE window_start >= (SELECT max(window_start) FROM ${table}) - toIntervalMillisecond(${windowStepMs(view) * windows})`,
    'GROUP BY t, source',
    'ORDER BY t',
  ].join('\n');
}

/** How far apart consecutive windows start; sessions have no step, so charts use their gap. */
export function windowStepMs(view: ViewDefinition): number {
  return windowKindOf(view.window).spacingMs(view.window);
}
