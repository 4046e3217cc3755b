import type { Measure, MeasureKind } from '../config/types';

/** One column of a generated table or view, typed as `system.columns` spells it. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
}

/** Window bounds are millisecond timestamps in UTC everywhere. */
export const WINDOW_BOUND_TYPE = "DateTime64(3, 'UTC')";

/** Group values are stringified on the results topic, so they are stored as strings. */
export const GROUP_FIELD_TYPE = 'String';

/** One column of a measure's partial state: its name suffix, the wire field it holds, its type. */
export interface StatePart {
  readonly suffix: string;
  /** Field of the `MeasureState` wire form this column stores. */
  readonly field: 'count' | 'sum' | 'value' | 'registers' | 'ranks' | 'keys' | 'counts';
  readonly type: string;
}

/**
 * How each measure kind's partial state is laid out in the speed table.
 * min and max use different suffixes so that turning one into the other is
 * seen as a change of the table, not silently served from the old state.
 */
export const STATE_PARTS: Readonly<Record<MeasureKind, readonly StatePart[]>> = {
  count: [{ suffix: 'count', field: 'count', type: 'UInt64' }],
  sum: [{ suffix: 'sum', field: 'sum', type: 'Float64' }],
  min: [{ suffix: 'min', field: 'value', type: 'Nullable(Float64)' }],
  max: [{ suffix: 'max', field: 'value', type: 'Nullable(Float64)' }],
  avg: [
    { suffix: 'sum', field: 'sum', type: 'Float64' },
    { suffix: 'count', field: 'count', type: 'UInt64' },
  ],
  uniq: [
    { suffix: 'registers', field: 'registers', type: 'Array(UInt16)' },
    { suffix: 'ranks', field: 'ranks', type: 'Array(UInt8)' },
  ],
  quantile: [
    { suffix: 'keys', field: 'keys', type: 'Array(Int16)' },
    { suffix: 'counts', field: 'counts', type: 'Array(UInt64)' },
  ],
};

/** Type of a measure's column in the serving view and the batch table. */
export const SERVED_TYPES: Readonly<Record<MeasureKind, string>> = {
  count: 'UInt64',
  uniq: 'UInt64',
  sum: 'Float64',
  min: 'Nullable(Float64)',
  max: 'Nullable(Float64)',
  avg: 'Nullable(Float64)',
  quantile: 'Nullable(Float64)',
};

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
