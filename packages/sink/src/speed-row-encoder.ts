import { STATE_PARTS, speedTableColumns, type MeasureState, type StatePart, type ViewDefinition, type WindowResult } from '@sluice/core';
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

function fieldWriter(part: StatePart): FieldWriter {
  // The decoder checked every state against its measure, so the field is there with the right type.
  const read = (state: MeasureState): unknown => (state as unknown as Readonly<Record<string, unknown>>)[part.field];
  switch (part.type) {
    case 'UInt64':
      return (writer, state) => writer.uint64(read(state) as number);
    case 'Float64':
      return (writer, state) => writer.float64(read(state) as number);
    case 'Nullable(Float64)':
      return (writer, state) => writer.nullableFloat64(read(state) as number | null);
    case 'Array(UInt16)':
      return (writer, state) => writer.array(read(state) as number[], (value) => writer.uint16(value));
    case 'Array(UInt8)':
      return (writer, state) => writer.array(read(state) as number[], (value) => writer.uint8(value));
    case 'Array(Int16)':
      return (writer, state) => writer.array(read(state) as number[], (value) => writer.int16(value));
    case 'Array(UInt64)':
      return (writer, state) => writer.array(read(state) as number[], (value) => writer.uint64(value));
    default:
      throw new Error(`no RowBinary writer for state column type ${part.type}`);
  }
}
