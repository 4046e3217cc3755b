import { Type, type Resolver } from 'avsc';

/** What a projection reads of a record schema; avsc's typings do not export their schema types. */
interface RecordSchema {
  readonly name: string;
  readonly fields: readonly { readonly name: string }[];
}

/** Decodes the Avro datum that fills `value` from `from` to its end. */
export type DatumDecoder = (value: Buffer, from: number) => unknown;

/**
 * Decodes with `type` (through `resolver` when given) in place: no view of the
 * payload is made per record. Truncated bytes and bytes left over are errors,
 * as with avsc's fromBuffer.
 */
export function datumDecoder(type: Type, resolver?: Resolver): DatumDecoder {
  return (value, from) => {
    const { value: datum, offset } = type.decode(value, from, resolver);
    if (offset < 0) throw new Error('truncated buffer');
    if (offset < value.length) throw new Error('trailing data');
    return datum;
  };
}

/**
 * Decodes only some fields of Avro records, with a reader schema that keeps
 * just those fields of the writer's, resolved against it: avsc then skips the
 * bytes of every other field instead of building its value, which is most of
 * the cost of decoding an event of which a view reads a handful of fields.
 * Each kept field decodes to exactly what a full decode gives it; fields the
 * writer schema lacks stay absent, as in a full decode.
 */
export function projectedDecoder(writer: Type, fields: readonly string[]): DatumDecoder {
  const full = datumDecoder(writer);
  if (writer.typeName !== 'record') return full;
  const schema = writer.schema() as unknown as RecordSchema;
  const wanted = new Set(fields);
  const kept = schema.fields.filter((field) => wanted.has(field.name));
  if (kept.length === schema.fields.length) return full;
  // The writer's named types, so a kept field may refer to a type first defined in a dropped one.
  const registry = {};
  Type.forSchema(writer.schema(), { registry });
  // Another name, so it does not clash with the writer's in that registry; the alias lets it resolve against it.
  const projection = { ...schema, name: `${schema.name}_projection`, aliases: [schema.name], fields: kept };
  const reader = Type.forSchema(projection as unknown as Parameters<typeof Type.forSchema>[0], { registry });
  return datumDecoder(reader, reader.createResolver(writer));
}
