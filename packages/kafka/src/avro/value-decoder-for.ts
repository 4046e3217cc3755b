import { SluiceError, jsonValueDecoder, type PipelineConfig, type SourceDefinition, type ValueDecoder } from '@sluice/core';
import { AvroValueDecoder } from './avro-value-decoder';

/**
 * The value decoder for a source's format, the same for the speed and the
 * batch layer: JSON, or Avro with writer schemas from the pipeline's schema
 * registry. Given `fields`, either builds only those fields (what the views
 * read); without, whole events (what the master dataset keeps).
 */
export function valueDecoderFor(source: SourceDefinition, config: PipelineConfig, fields?: readonly string[]): ValueDecoder {
  if (source.format === 'json') return jsonValueDecoder(fields);
  const registry = config.schemaRegistry;
  if (registry === undefined) throw new SluiceError('AVRO_REGISTRY_MISSING', `sources.${source.name} has format avro, which needs schemaRegistry.url`);
  return AvroValueDecoder.forRegistry(registry, fields);
}
