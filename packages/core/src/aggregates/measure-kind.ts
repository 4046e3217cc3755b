import type { MeasureKind, MeasureSpec } from '../config/types';
import type { MeasureState } from '../results/window-result';
import type { MeasureAggregator } from './measure-aggregator';

/** The spec of one measure kind. */
export type MeasureSpecOf<K extends MeasureKind> = MeasureSpec & { readonly kind: K };

/** The wire state of one measure kind. */
export type MeasureStateOf<K extends MeasureKind> = MeasureState & { readonly kind: K };

/** A field of some wire state other than its kind: what a state part stores. */
export type StateField = MeasureState extends infer S ? (S extends MeasureState ? Exclude<keyof S, 'kind'> : never) : never;

/** The ClickHouse types state columns use; the sink has a RowBinary writer for each. */
export type StateColumnType = 'UInt64' | 'Float64' | 'Nullable(Float64)' | 'Array(UInt16)' | 'Array(UInt8)' | 'Array(Int16)' | 'Array(UInt64)';

/** One column of a measure's partial state: its name suffix, the wire field it holds, its type. */
export interface StatePart {
  readonly suffix: string;
  /** Field of the `MeasureState` wire form this column stores. */
  readonly field: StateField;
  readonly type: StateColumnType;
}

/** An aggregate that merges one measure's partial states across partitions, and its alias. */
export interface MergeStep {
  readonly alias: string;
  readonly expression: string;
}

/** How one measure's partial states merge at read time, and how the merged state becomes its served value. */
export interface MeasureMerge {
  readonly steps: readonly MergeStep[];
  readonly served: string;
}

/** The columns of the batch scan that exact SQL reads a field from: its text, and its number (NULL when not numeric). */
export interface FieldColumns {
  text(field: string): string;
  number(field: string): string;
}

/** Which event field a measure needs: none (count), any value (uniq), or a number. */
export type FieldRule = 'none' | 'any' | 'number';

/** A decoded event, as the truth oracle sees it. */
export type OracleEvent = Readonly<Record<string, unknown>>;

/**
 * Everything that differs between measure kinds, in one place: how the config
 * writes it, how the speed layer folds it, how its partial state travels and
 * is stored, and how ClickHouse merges it and computes it exactly. A new kind
 * is a new implementation of this interface plus one entry in MEASURE_KINDS.
 */
export interface MeasureKindDefinition<K extends MeasureKind> {
  readonly kind: K;
  /** How the config writes it, for messages: `sum(field)`. */
  readonly form: string;
  /**
   * Parses the arguments of `kind(...)`; `args` is undefined when the kind's
   * name was written alone (`count`). Undefined when the kind has no such form.
   */
  parse(args: readonly string[] | undefined): MeasureSpecOf<K> | { readonly error: string } | undefined;
  readonly fieldRule: FieldRule;
  /** The speed layer's aggregator of a measure of this kind. */
  aggregator(measure: MeasureSpecOf<K>): MeasureAggregator<unknown>;
  /** How the wire state is laid out in packed rows and the speed table, in order. */
  readonly stateParts: readonly StatePart[];
  /**
   * The one check of a wire state (kind already matched), used by the producer
   * of a state (fromWire) and by the sink: throws InvalidMeasureStateError
   * naming the part at `at` that is wrong. Returns a copy with only its parts.
   */
  checkWire(state: Readonly<Record<string, unknown>>, at: string): MeasureStateOf<K>;
  /** Type of its column in the serving view and the batch table. */
  readonly servedType: string;
  /** The read-time merge over its state columns `parts` (quoted); `alias(suffix)` names intermediate columns. */
  mergeSql(measure: MeasureSpecOf<K>, parts: readonly string[], alias: (suffix: string) => string): MeasureMerge;
  /** The exact aggregate over the batch scan's rows. */
  exactSql(measure: MeasureSpecOf<K>, columns: FieldColumns): string;
  /** How a chart combines the measure across the groups of a window. */
  readonly acrossGroups: 'sum' | 'min' | 'max' | 'avg';
  /**
   * The truth oracle: the exact value over a window's events, computed the
   * plain way; `text` is the oracle's text form of a value.
   */
  oracle(measure: MeasureSpecOf<K>, events: readonly OracleEvent[], text: (value: unknown) => string): number | null;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The parser of `kind(field)`. */
export function parseOneField<K extends MeasureKind>(kind: K): (args: readonly string[] | undefined) => { kind: K; field: string } | { error: string } | undefined {
  return (args) => {
    if (args === undefined) return undefined;
    const [field] = args;
    if (args.length !== 1 || field === undefined || !FIELD.test(field)) return { error: `${kind} needs exactly one field name, as in ${kind}(amount)` };
    return { kind, field };
  };
}

/** True when `name` is a valid field name. */
export function isFieldName(name: string | undefined): name is string {
  return name !== undefined && FIELD.test(name);
}

/** The finite numbers among the events' values of `field`, in order: what numeric oracles read. */
export function oracleNumbers(events: readonly OracleEvent[], field: string): number[] {
  return events.map((event) => event[field]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}
