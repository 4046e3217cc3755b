import { aggregatorFor, unpackRow, type Measure, type PipelineConfig, type ResultPack, type WindowResult } from '@sluice/core';
import { readAllRecords } from '../../../../test/support/kafka';

/** One merged final row: what the serving view shows for a closed window and group. */
export interface MergedRow {
  readonly view: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly group: readonly string[];
  readonly measures: Record<string, number | null>;
}

/** Every result in the results topic, unpacked from its records in order. */
export async function readResults(config: PipelineConfig): Promise<WindowResult[]> {
  const views = new Map(config.views.map((view) => [view.name, view]));
  const records = await readAllRecords(config.kafka.topics.results);
  return records.flatMap((record) => {
    const pack = JSON.parse(String(record.value)) as ResultPack;
    return pack.rows.map((row) => unpackRow(views.get(pack.view)!, pack.partition, row));
  });
}

/**
 * What the sink's ReplacingMergeTree leaves: per key (view, window start,
 * group, partition) the highest version; then the finals, not retracted,
 * merged over partitions per (view, window, group). Throws when one version
 * carries two different contents: a replay must reproduce rows exactly.
 */
export function mergeFinals(config: PipelineConfig, results: readonly WindowResult[]): MergedRow[] {
  const latest = new Map<string, WindowResult>();
  for (const result of results) {
    const key = `${result.view}|${result.windowStart}|${JSON.stringify(result.group)}|${result.partition}`;
    const seen = latest.get(key);
    if (seen && seen.version === result.version && JSON.stringify(seen) !== JSON.stringify(result)) {
      throw new Error(`version ${result.version} of ${key} has two contents:\n${JSON.stringify(seen)}\n${JSON.stringify(result)}`);
    }
    if (!seen || result.version > seen.version) latest.set(key, result);
  }
  const merged = new Map<string, { row: WindowResult; states: Map<string, unknown> }>();
  for (const result of latest.values()) {
    if (!result.final || result.retracted) continue;
    const view = config.views.find((candidate) => candidate.name === result.view);
    if (!view) continue;
    const key = `${result.view}|${result.windowStart}|${JSON.stringify(result.group)}`;
    const entry = merged.get(key) ?? { row: result, states: new Map<string, unknown>() };
    for (const measure of view.measures) {
      const aggregator = aggregatorFor(measure);
      const wire = result.states[measure.name];
      if (!wire) throw new Error(`result ${key} lacks measure ${measure.name}`);
      const state = aggregator.fromWire(wire);
      const previous = entry.states.get(measure.name);
      entry.states.set(measure.name, previous === undefined ? state : aggregator.merge(previous, state));
    }
    if (result.windowEnd > entry.row.windowEnd) entry.row = result;
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ row, states }) => {
    const view = config.views.find((candidate) => candidate.name === row.view)!;
    const measures: Record<string, number | null> = {};
    for (const measure of view.measures) measures[measure.name] = aggregatorFor(measure).result(states.get(measure.name));
    return { view: row.view, windowStart: row.windowStart, windowEnd: row.windowEnd, group: row.group, measures };
  });
}

/**
 * Error allowed per measure kind, as docs/accuracy.md states it: uniq within
 * max(2, 3.25% of n), quantile within 1% of the exact element, the rest
 * exact (up to float rounding of sums merged in another order).
 */
function allowedError(measure: Measure, exact: number): number {
  if (measure.kind === 'uniq') return Math.max(2, 0.0325 * exact);
  if (measure.kind === 'quantile') return 0.01 * Math.abs(exact) * (1 + 1e-9);
  return 1e-9 * Math.max(1, Math.abs(exact));
}

/** Truth rows as the truth oracle writes them. */
export interface ExpectedRow {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly group: readonly string[];
  readonly measures: Record<string, number | null>;
}

/**
 * Differences between merged finals and the truth of one view, as readable
 * lines; empty when they agree (exact for count/sum/min/max/avg, within the
 * documented bounds for uniq and quantile).
 */
export function differences(config: PipelineConfig, viewName: string, actual: readonly MergedRow[], expected: readonly ExpectedRow[]): string[] {
  const view = config.views.find((candidate) => candidate.name === viewName)!;
  const key = (row: { windowStart: number; group: readonly string[] }) => `${row.windowStart}|${JSON.stringify(row.group)}`;
  const actualByKey = new Map(actual.filter((row) => row.view === viewName).map((row) => [key(row), row]));
  const problems: string[] = [];
  for (const want of expected) {
    const got = actualByKey.get(key(want));
    actualByKey.delete(key(want));
    if (!got) {
      problems.push(`missing ${viewName} ${key(want)}`);
      continue;
    }
    if (got.windowEnd !== want.windowEnd) problems.push(`${viewName} ${key(want)} ends ${got.windowEnd}, expected ${want.windowEnd}`);
    for (const measure of view.measures) {
      const a = got.measures[measure.name] ?? null;
      const b = want.measures[measure.name] ?? null;
      const ok = a === null || b === null ? a === b : Math.abs(a - b) <= allowedError(measure, b);
      if (!ok) problems.push(`${viewName} ${key(want)} ${measure.name} = ${a}, expected ${b}`);
    }
  }
  for (const extra of actualByKey.keys()) problems.push(`unexpected ${viewName} ${extra}`);
  return problems;
}
