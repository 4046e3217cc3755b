import type { ValueVerdict } from './source-event-verdict';

/**
 * Turns source record values into events, in one source format. JSON is
 * decoded here in core (jsonValueDecoder); Avro, which needs the schema
 * registry, by @sluice/kafka behind this same interface. Undecodable values
 * are a verdict, not an exception: a poison record costs no more than its
 * neighbours and its reason goes to the dead-letter topic.
 */
export interface ValueDecoder {
  /**
   * Fetches what decoding these values needs (an Avro source's writer
   * schemas), so that `decode` never waits; rejects with a retriable
   * SluiceError when what it needs cannot be fetched now.
   */
  prepare(values: Iterable<Uint8Array | null>): Promise<void>;
  /** The event a value holds, or why it holds none; a tombstone (null) holds none. */
  decode(value: Uint8Array | null): ValueVerdict;
}
