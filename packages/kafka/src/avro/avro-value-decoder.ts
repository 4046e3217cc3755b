import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Type } from 'avsc';
import { NO_VALUE_REASON, SluiceError, refusal, type EventRecord, type SchemaRegistrySettings, type ValueDecoder, type ValueVerdict } from '@sluice/core';
import { createSchemaRegistry } from './create-schema-registry';
import { datumDecoder, projectedDecoder, type DatumDecoder } from './avro-projection';

/** Magic byte, then the writer schema's id as a 4-byte big-endian integer. */
const HEADER_BYTES = 5;

/** The HTTP status of a registry answer, when the registry client reports one. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Decodes record values in the Confluent wire format with the schema they were
 * written with, fetched from the registry by id. Fetching is asynchronous and
 * decoding is not: `prepare` a batch of values first (one request per schema
 * id never seen before), then `decode` each value without waiting. Each record
 * decodes to the fields its own writer schema has, so events whose schema
 * evolved keep every field they carry; given `fields`, to only those of them
 * (the rest are skipped, not built). A value that is no such record is a
 * refusal with its reason, as for every source format (see ValueDecoder).
 */
export class AvroValueDecoder implements ValueDecoder {
  private readonly schemas = new Map<number, DatumDecoder>();
  /** Ids the registry answered 404 for: their records are undecodable, and asking again per batch would not help. */
  private readonly unknownIds = new Set<number>();

  constructor(
    private readonly registry: SchemaRegistry,
    private readonly fields?: readonly string[],
  ) {}

  /** A decoder for the configured Confluent-compatible registry; of records, only `fields` when given. */
  static forRegistry(settings: SchemaRegistrySettings, fields?: readonly string[]): AvroValueDecoder {
    return new AvroValueDecoder(createSchemaRegistry(settings), fields);
  }

  /** Fetches the writer schemas these values need and does not have yet; a registry that cannot answer is a retriable error. */
  async prepare(values: Iterable<Uint8Array | null>): Promise<void> {
    const missing = new Set<number>();
    for (const value of values) {
      const id = schemaIdOf(value);
      if (id !== undefined && !this.schemas.has(id) && !this.unknownIds.has(id)) missing.add(id);
    }
    for (const id of missing) await this.fetch(id);
  }

  private async fetch(id: number): Promise<void> {
    let writer: Type;
    try {
      // The registry client builds avsc types for Avro schemas.
      writer = (await this.registry.getSchema(id)) as unknown as Type;
    } catch (error) {
      if (statusOf(error) === 404) {
        this.unknownIds.add(id);
        return;
      }
      throw new SluiceError('SCHEMA_REGISTRY_FAILED', `cannot fetch Avro schema ${id} from the schema registry: ${(error as Error).message}`, {
        cause: error,
        retriable: true,
      });
    }
    this.schemas.set(id, this.fields === undefined ? datumDecoder(writer) : projectedDecoder(writer, this.fields));
  }

  /** The event a prepared value holds, or why it holds none. */
  decode(value: Uint8Array | null): ValueVerdict {
    if (value === null) return refusal(NO_VALUE_REASON);
    const id = schemaIdOf(value);
    if (id === undefined) return refusal('value is not in the Confluent Avro wire format (magic byte 0 and a 4-byte schema id)');
    const decodeDatum = this.schemas.get(id);
    if (!decodeDatum) {
      if (this.unknownIds.has(id)) return refusal(`schema id ${id} is not in the schema registry`);
      throw new SluiceError('AVRO_SCHEMA_NOT_PREPARED', `schema id ${id} was not fetched before decoding; call prepare() with the batch first`);
    }
    let event: unknown;
    try {
      event = decodeDatum(asBuffer(value), HEADER_BYTES);
    } catch (error) {
      // avsc reports bytes that do not fit the schema only by throwing.
      return refusal(`value does not decode with Avro schema ${id}: ${(error as Error).message}`);
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return refusal(`Avro schema ${id} is not a record schema`);
    return { ok: true, event: event as EventRecord };
  }
}

/** The schema id of a wire-format value, or undefined when the value is not in that format. */
export function schemaIdOf(value: Uint8Array | null): number | undefined {
  if (value === null || value.length < HEADER_BYTES || value[0] !== 0) return undefined;
  // Big-endian and signed, as Buffer.readInt32BE reads it.
  return (value[1]! << 24) | (value[2]! << 16) | (value[3]! << 8) | value[4]!;
}

/** avsc decodes from Buffers; kafkajs hands Buffers already, so this is a view only for other callers. */
function asBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
