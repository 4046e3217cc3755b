import { SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { SluiceError, redactUrl, type SchemaRegistrySettings, type SourceDefinition } from '@sluice/core';
import { createSchemaRegistry } from '@sluice/kafka';
import { Type } from 'avsc';

/** Why an event does not fit its Avro schema, or its encoded record. */
export type AvroEncoding = { readonly ok: true; readonly value: Buffer } | { readonly ok: false; readonly message: string };

/**
 * Encodes a source's events as Avro in the Confluent wire format (magic byte,
 * 4-byte schema id, Avro binary). The schema from `sources.<name>.avroSchema`
 * is registered (or found, when already there) under `<topic>-value`.
 */
export class AvroEventEncoder {
  private constructor(
    private readonly registry: SchemaRegistry,
    private readonly type: Type,
    readonly schemaId: number,
  ) {}

  /** Registers the source's schema with the configured registry and returns an encoder for it. */
  static async connect(source: SourceDefinition, settings: SchemaRegistrySettings): Promise<AvroEventEncoder> {
    if (!source.avroSchema) throw new SluiceError('AVRO_SCHEMA_MISSING', `sources.${source.name} has format avro but no avroSchema`);
    const schema = JSON.stringify(source.avroSchema);
    const registry = createSchemaRegistry(settings);
    try {
      const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${source.topic}-value` });
      return new AvroEventEncoder(registry, Type.forSchema(JSON.parse(schema) as Parameters<typeof Type.forSchema>[0]), id);
    } catch (error) {
      throw new SluiceError('SCHEMA_REGISTRY_FAILED', `cannot register the Avro schema of ${source.name} at ${redactUrl(settings.url)}: ${(error as Error).message}`, {
        cause: error,
        retriable: true,
      });
    }
  }

  /** Checks the event against the schema, naming the fields that do not fit, then encodes it. */
  async encode(event: Record<string, unknown>): Promise<AvroEncoding> {
    const badPaths: string[] = [];
    if (!this.type.isValid(event, { errorHook: (path) => badPaths.push(path.join('.') || '(record)') })) {
      return { ok: false, message: `does not fit the Avro schema at ${badPaths.join(', ')}` };
    }
    return { ok: true, value: await this.registry.encode(this.schemaId, event) };
  }
}
