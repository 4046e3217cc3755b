import { STATE_PARTS, speedTableColumns, type MeasureState, type StateColumnType, type StatePart, type ViewDefinition, type WindowResult } from '@sluice/core';
import { RowBinaryWriter } from './row-binary';

/** Turns one WindowResult into one RowBinary row of its view's speed table. */
export interface SpeedRowEncoder {
  /** Column names in the order `encode` writes them. */
  readonly columns: readonly string[];
  encode(result: WindowResult): Buffer;
}

type FieldWriter = (writer: RowBinaryWriter, state: MeasureState) => void;

/**
 * Builds the encoder of one view once, so each row is a fixed sequence of
 * field writers with no per-row lookups of the view definition. The column
 * types are those of STATE_PARTS and speedTableColumns.
 */
export function createSpeedRowEncoder(view: ViewDefinition): SpeedRowEncoder {
  const writers = view.measures.flatMap((measure) => STATE_PARTS[measure.kind].map((part) => ({ measure: measure.name, write: fieldWriter(part) })));
  const writer = new RowBinaryWriter();
  return {
    columns: speedTableColumns(view).map((column) => column.name),
    encode(result) {
      writer.reset();
      writer.dateTime64Millis(result.windowStart);
      writer.dateTime64Millis(result.windowEnd);
      for (const value of result.group) writer.string(value);
      writer.uint16(result.partition);
      writer.uint64(result.version);
      writer.uint8(result.retracted ? 1 : 0);
      writer.uint8(result.final ? 1 : 0);
      for (const { measure, write } of writers) write(writer, result.states[measure] as MeasureState);
      return writer.toBuffer();
    },
  };
}

type Read = (state: MeasureState) => unknown;

/** A RowBinary writer per state column type; keyed by the union, so a new type is a compile error until it has one. */
const WRITERS = {
  UInt64: (read) => (writer, state) => writer.uint64(read(state) as number),
  Float64: (read) => (writer, state) => writer.float64(read(state) as number),
  'Nullable(Float64)': (read) => (writer, state) => writer.nullableFloat64(read(state) as number | null),
  'Array(UInt16)': (read) => (writer, state) => writer.array(read(state) as number[], (value) => writer.uint16(value)),
  'Array(UInt8)': (read) => (writer, state) => writer.array(read(state) as number[], (value) => writer.uint8(value)),
  'Array(Int16)': (read) => (writer, state) => writer.array(read(state) as number[], (value) => writer.int16(value)),
  'Array(UInt64)': (read) => (writer, state) => writer.array(read(state) as number[], (value) => writer.uint64(value)),
} satisfies Record<StateColumnType, (read: Read) => FieldWriter>;

function fieldWriter(part: StatePart): FieldWriter {
  // The decoder checked every state against its measure, so the field is there with the right type.
  const read: Read = (state) => (state as unknown as Readonly<Record<string, unknown>>)[part.field];
  return WRITERS[part.type](read);
}
