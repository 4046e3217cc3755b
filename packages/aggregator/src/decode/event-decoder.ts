import { JsonFieldPicker, JsonPickError, SluiceError, parseEventTime, type EventRecord, type PipelineConfig, type SourceDefinition } from '@sluice/core';
import { AvroValueDecoder, UndecodableValueError } from '@sluice/kafka';
import { UndecodableRecordError } from './undecodable-record-error';

/** Turns record values into events, in the source's format. */
export interface EventDecoder {
  /** Fetches what decoding these records needs (Avro writer schemas), before the synchronous decodes. */
  prepare(records: readonly { readonly value: Buffer | null }[]): Promise<void>;
  /** The event in a value; throws UndecodableRecordError for anything unusable. */
  decode(value: Buffer | null): EventRecord;
}

/**
 * The decoder for a source's format, JSON or Avro (with writer schemas from
 * the pipeline's schema registry); either builds only `fields`, what the
 * views read.
 */
export function decoderFor(source: SourceDefinition, fields: readonly string[], config: PipelineConfig): EventDecoder {
  if (source.format === 'json') return jsonDecoder(fields);
  const url = config.schemaRegistry?.url;
  if (url === undefined) throw new SluiceError('AVRO_REGISTRY_MISSING', `sources.${source.name} has format avro, which needs schemaRegistry.url`);
  return avroDecoder(AvroValueDecoder.forRegistry(url, fields));
}

function avroDecoder(avro: AvroValueDecoder): EventDecoder {
  return {
    prepare: (records) => avro.prepare(records.map((record) => record.value)),
    decode: (value) => {
      try {
        return avro.decode(value) as EventRecord;
      } catch (error) {
        if (error instanceof UndecodableValueError) throw new UndecodableRecordError(error.message, error);
        throw error;
      }
    },
  };
}

/** JSON object events with only `fields` built; what decodeJsonEvent refuses is refused, with its reason. */
export function jsonDecoder(fields: readonly string[]): EventDecoder {
  const picker = new JsonFieldPicker(fields);
  return {
    prepare: () => Promise.resolve(),
    decode: (value) => {
      if (value === null) throw new UndecodableRecordError('record has no value');
      try {
        return picker.pick(value);
      } catch (error) {
        if (!(error instanceof JsonPickError)) throw error;
        // The picker refuses what JSON.parse refuses; JSON.parse gives the reason in the words users know.
        return decodeJsonEvent(value);
      }
    },
  };
}

/** JSON object events; arrays, scalars and broken JSON are undecodable. */
export function decodeJsonEvent(value: Buffer | null): EventRecord {
  if (value === null) throw new UndecodableRecordError('record has no value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new UndecodableRecordError(`value is not JSON: ${(error as Error).message}`, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UndecodableRecordError(`value is JSON but not an object (${Array.isArray(parsed) ? 'array' : typeof parsed})`);
  }
  return parsed as EventRecord;
}

/** The event time of a decoded event, or an UndecodableRecordError naming the field. */
export function eventTimeOf(event: EventRecord, source: SourceDefinition): number {
  const ts = parseEventTime(Object.hasOwn(event, source.timestamp) ? event[source.timestamp] : undefined);
  if (ts === undefined) {
    throw new UndecodableRecordError(`field ${source.timestamp} is missing or not a time (epoch ms or ISO-8601)`);
  }
  return ts;
}
