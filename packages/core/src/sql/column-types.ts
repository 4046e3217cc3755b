import { MEASURE_KINDS } from '../aggregates/measure-kinds';
import type { MeasureKindDefinition, StatePart } from '../aggregates/measure-kind';
import type { Measure, MeasureKind } from '../config/types';

export type { StatePart } from '../aggregates/measure-kind';

/** One column of a generated table or view, typed as `system.columns` spells it. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
}

/** Window bounds are millisecond timestamps in UTC everywhere. */
export const WINDOW_BOUND_TYPE = "DateTime64(3, 'UTC')";

/** Group values are stringified on the results topic, so they are stored as strings. */
export const GROUP_FIELD_TYPE = 'String';

/**
 * How each measure kind's partial state is laid out in the speed table (see
 * each kind's stateParts). min and max use different suffixes so that turning
 * one into the other is seen as a change of the table, not silently served
 * from the old state.
 */
export const STATE_PARTS: Readonly<Record<MeasureKind, readonly StatePart[]>> = kindTable((kind) => kind.stateParts);

/** Type of a measure's column in the serving view and the batch table. */
export const SERVED_TYPES: Readonly<Record<MeasureKind, string>> = kindTable((kind) => kind.servedType);

function kindTable<T>(read: (kind: MeasureKindDefinition<MeasureKind>) => T): Record<MeasureKind, T> {
  return Object.fromEntries(Object.values(MEASURE_KINDS).map((kind) => [kind.kind, read(kind)])) as Record<MeasureKind, T>;
}

/** Name of the speed-table column holding one part of a measure's partial state. */
export function stateColumnName(measure: Measure, part: StatePart): string {
  return `${measure.name}__${part.suffix}`;
}

/** The speed-table columns of one measure's partial state. */
export function stateColumns(measure: Measure): ColumnDefinition[] {
  return STATE_PARTS[measure.kind].map((part) => ({ name: stateColumnName(measure, part), type: part.type }));
}

/** The served column of one measure. */
export function servedColumn(measure: Measure): ColumnDefinition {
  return { name: measure.name, type: SERVED_TYPES[measure.kind] };
}

/** One String column per group field, in groupBy order. */
export function groupColumns(groupBy: readonly string[]): ColumnDefinition[] {
  return groupBy.map((name) => ({ name, type: GROUP_FIELD_TYPE }));
}
