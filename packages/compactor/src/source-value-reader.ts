import type { PipelineConfig, SourceDefinition, ValueDecoder } from '@sluice/core';
import { valueDecoderFor } from '@sluice/kafka';
import { readJsonValue, type ValueReader } from './raw-record';

/** Reads the record values of one source in its format. */
export interface SourceValueReader {
  /** Fetches what reading these records needs (Avro writer schemas); reading itself does not wait. */
  prepare(records: readonly { readonly value: Buffer | null }[]): Promise<void>;
  readonly read: ValueReader;
}

const jsonReader: SourceValueReader = { prepare: () => Promise.resolve(), read: readJsonValue };

/**
 * JSON sources land as they came. Avro values are decoded whole, with the
 * schema they were written with, by the decoder the speed layer uses, and
 * land as the JSON rendering of that record, so the batch SQL reads every
 * format the same way.
 */
export function valueReaderFor(source: SourceDefinition, config: PipelineConfig): SourceValueReader {
  return source.format === 'json' ? jsonReader : wholeEventReader(valueDecoderFor(source, config));
}

/** Reads with `decoder`, keeping the JSON rendering of each decoded event. */
export function wholeEventReader(decoder: ValueDecoder): SourceValueReader {
  return {
    prepare: (records) => decoder.prepare(records.map((record) => record.value)),
    read: (value) => {
      const read = decoder.decode(value);
      return read.ok ? { ok: true, event: read.event, text: JSON.stringify(read.event) } : read;
    },
  };
}
