import { SluiceError, type PipelineConfig, type SourceDefinition } from '@sluice/core';
import { AvroValueDecoder, UndecodableValueError } from '@sluice/kafka';
import { readJsonValue, type ValueReader } from './raw-record';

/** Reads the record values of one source in its format. */
export interface SourceValueReader {
  /** Fetches what reading these records needs (Avro writer schemas); reading itself does not wait. */
  prepare(records: readonly { readonly value: Buffer | null }[]): Promise<void>;
  readonly read: ValueReader;
}

const jsonReader: SourceValueReader = { prepare: () => Promise.resolve(), read: readJsonValue };

/**
 * JSON sources land as they came. Avro values are decoded with the schema
 * they were written with and land as the JSON rendering of that record, so
 * the batch SQL reads every format the same way.
 */
export function valueReaderFor(source: SourceDefinition, config: PipelineConfig): SourceValueReader {
  if (source.format === 'json') return jsonReader;
  const url = config.schemaRegistry?.url;
  if (url === undefined) throw new SluiceError('AVRO_REGISTRY_MISSING', `sources.${source.name} has format avro, which needs schemaRegistry.url`);
  const avro = AvroValueDecoder.forRegistry(url);
  return {
    prepare: (records) => avro.prepare(records.map((record) => record.value)),
    read: (value) => {
      try {
        const fields = avro.decode(value);
        return { fields, text: JSON.stringify(fields) };
      } catch (error) {
        if (error instanceof UndecodableValueError) return { reason: error.message };
        throw error;
      }
    },
  };
}
