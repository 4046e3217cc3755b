import { SluiceError, type SchemaRegistrySettings, type SourceDefinition } from '@sluice/core';
import { AvroEventEncoder, type AvroEncoding } from '../avro/avro-event-encoder';

/** Turns a validated, enriched event into the bytes of its Kafka record value. */
export interface EventEncoder {
  encode(event: Record<string, unknown>): Promise<AvroEncoding> | AvroEncoding;
}

const jsonEncoder: EventEncoder = { encode: (event) => ({ ok: true, value: Buffer.from(JSON.stringify(event)) }) };

/** The encoder for a source's format: JSON, or Avro through the schema registry. */
export async function encoderFor(source: SourceDefinition, registry: SchemaRegistrySettings | undefined): Promise<EventEncoder> {
  if (source.format === 'json') return jsonEncoder;
  if (!registry) {
    throw new SluiceError('AVRO_REGISTRY_MISSING', `sources.${source.name} has format avro, which needs schemaRegistry.url in the pipeline definition`);
  }
  return AvroEventEncoder.connect(source, registry);
}
