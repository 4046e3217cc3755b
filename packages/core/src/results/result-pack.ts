import type { ViewDefinition } from '../config/types';
import { STATE_PARTS } from '../sql/column-types';
import type { MeasureState, WindowResult } from './window-result';

/** What a packed row says of its window: still open, closed for good, or gone in a session merge (and closed). */
export const ROW_KIND = { update: 0, final: 1, retraction: 2 } as const;
export type RowKind = (typeof ROW_KIND)[keyof typeof ROW_KIND];

/**
 * The value of a results-topic record: rows of ONE view built from ONE source
 * partition. What every row shares is written once, and each row is laid out
 * as its speed-table row, so results cost a quarter of the bytes of
 * self-describing WindowResult objects:
 *
 * ```json
 * {"view":"per_user","partition":3,"measures":["events","amount"],
 *  "rows":[[windowStart, windowEnd, ["group value", ...], version, kind, ...state parts]]}
 * ```
 *
 * `kind` is a ROW_KIND. The state parts are those of every measure in
 * `measures` order, each measure's in STATE_PARTS order (count: count; sum:
 * sum; min, max: value; avg: sum, count; uniq: registers, ranks; quantile:
 * keys, counts). `measures` lets a reader tell that it knows the view as the
 * writer did.
 */
export interface ResultPack {
  readonly view: string;
  readonly partition: number;
  readonly measures: readonly string[];
  readonly rows: readonly PackedRow[];
}

export type PackedRow = readonly unknown[];

/** Where a row's fields before its state parts stand. */
export const ROW_FIELD = { windowStart: 0, windowEnd: 1, group: 2, version: 3, kind: 4 } as const;

/** Fields of a row before its state parts. */
export const ROW_HEADER_FIELDS = Object.keys(ROW_FIELD).length;

/** Appends the state parts of one measure's wire state to a row. */
export function appendStateParts(row: unknown[], state: MeasureState): void {
  const fields = state as unknown as Readonly<Record<string, unknown>>;
  for (const part of STATE_PARTS[state.kind]) row.push(fields[part.field]);
}

/** How long every row of `view` is. */
export function packedRowLength(view: ViewDefinition): number {
  let length = ROW_HEADER_FIELDS;
  for (const measure of view.measures) length += STATE_PARTS[measure.kind].length;
  return length;
}

/**
 * A packed row of `view` in the WindowResult shape. It checks nothing: a
 * reader of untrusted records checks the row's length and kind first and the
 * result's fields after (the sink does both).
 */
export function unpackRow(view: ViewDefinition, partition: number, row: PackedRow): WindowResult {
  const states: Record<string, MeasureState> = {};
  let at = ROW_HEADER_FIELDS;
  for (const measure of view.measures) {
    const state: Record<string, unknown> = { kind: measure.kind };
    for (const part of STATE_PARTS[measure.kind]) state[part.field] = row[at++];
    states[measure.name] = state as unknown as MeasureState;
  }
  const kind = row[ROW_FIELD.kind];
  return {
    view: view.name,
    windowStart: row[ROW_FIELD.windowStart] as number,
    windowEnd: row[ROW_FIELD.windowEnd] as number,
    group: row[ROW_FIELD.group] as string[],
    partition,
    version: row[ROW_FIELD.version] as number,
    final: kind === ROW_KIND.final || kind === ROW_KIND.retraction,
    retracted: kind === ROW_KIND.retraction,
    states,
  };
}
