import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Type } from 'avsc';
import { parsePipeline, readSourceEvent, recordTimestampReference, type SourceEventVerdict, type ValueDecoder } from '@sluice/core';
import { AvroValueDecoder, valueDecoderFor } from '@sluice/kafka';
import { isUndecodable, toRawRow } from './raw-record';
import { valueReaderFor, wholeEventReader, type SourceValueReader } from './source-value-reader';

/**
 * The speed layer (aggregator: narrowed decoding, then readSourceEvent) and
 * the batch layer (compactor: whole decoding, then toRawRow) must reach the
 * same verdict on every record, or one layer would count what the other
 * dead-letters.
 */
const config = parsePipeline(
  'schemaRegistry: { url: "http://127.0.0.1:9" }\nsources:\n  events: { topic: events, key: user_id, timestamp: ts }\n  avro: { topic: avro, format: avro, key: user_id, timestamp: ts }\n',
  { env: {}, origin: 'test' },
);
const json = config.sources['events']!;
const avro = config.sources['avro']!;
const viewFields = ['ts', 'page'];

type Verdict = { readonly ok: true; readonly eventTime: number } | { readonly ok: false; readonly reason: string };

function speedVerdict(verdict: SourceEventVerdict): Verdict {
  return verdict.ok ? { ok: true, eventTime: verdict.eventTime } : verdict;
}

/** What kafkajs reports for a record without a timestamp: no reference, so only the storable range applies. */
const NO_TIMESTAMP = '-1';

function batchVerdict(source: typeof json, reader: SourceValueReader, value: Buffer | null, timestamp = NO_TIMESTAMP): Verdict {
  const row = toRawRow(source, { partition: 0, offset: '1', key: null, value, timestamp }, reader.read);
  return isUndecodable(row) ? { ok: false, reason: row.reason } : { ok: true, eventTime: row.event_time };
}

describe('one source-event codec for both layers', () => {
  const speed = valueDecoderFor(json, config, viewFields);
  const batch = valueReaderFor(json, config);

  it.each([
    '{"ts":1000,"page":"/a","user_id":"u1"}',
    '{"ts":"2026-01-01T00:00:00Z"}',
    '{"ts":"2026-01-01 00:00:00.5"}',
    '{"ts":"1767225600000","page":{"nested":[1,2]}}',
    '{"ts":1.9}',
    '{"ts":"yesterday"}',
    '{"page":"/"}',
    '{"ts":null}',
    '{"ts":1}}',
    '{"ts":1',
    '[{"ts":1}]',
    '42',
    '"ts"',
    '',
    '\uFEFF{"ts":1}',
    '{"ts":1,"ts":"bad"}',
    '{"ts":"bad","ts":1}',
  ])('JSON %j', (text) => {
    const value = Buffer.from(text);
    expect(speedVerdict(readSourceEvent(json, speed, value))).toEqual(batchVerdict(json, batch, value));
  });

  it.each([
    ['a time inside the bounds', '{"ts":"2026-06-01T00:04:59Z"}'],
    ['a time too far ahead of the record', '{"ts":"2026-06-01T00:05:01Z"}'],
    ['a time too far behind the record', '{"ts":1000}'],
    ['a time in 2100', '{"ts":"2100-01-01T00:00:00Z"}'],
    ['a time before 1970', '{"ts":-1}'],
    ['an unrepresentable time', '{"ts":1e21}'],
  ])('JSON with a record timestamp: %s', (_, text) => {
    const value = Buffer.from(text);
    const timestamp = String(Date.UTC(2026, 5, 1));
    expect(speedVerdict(readSourceEvent(json, speed, value, recordTimestampReference(timestamp)))).toEqual(batchVerdict(json, batch, value, timestamp));
  });

  it('accepts what both accept: the cases above are not all refusals', () => {
    expect(batchVerdict(json, batch, Buffer.from('{"ts":"2026-01-01 00:00:00.5"}'))).toEqual({ ok: true, eventTime: Date.UTC(2026, 0, 1, 0, 0, 0, 500) });
  });

  it('a JSON tombstone', () => {
    expect(speedVerdict(readSourceEvent(json, speed, null))).toEqual(batchVerdict(json, batch, null));
  });

  describe('Avro', () => {
    const writer = Type.forSchema({
      type: 'record',
      name: 'Event',
      fields: [
        { name: 'ts', type: ['null', 'long', 'string'], default: null },
        { name: 'page', type: 'string' },
        { name: 'user_id', type: 'string' },
      ],
    });
    const registry = { getSchema: (id: number) => (id === 1 ? Promise.resolve(writer) : Promise.reject(Object.assign(new Error('no schema'), { status: 404 }))) };
    const decoder = (fields?: readonly string[]): ValueDecoder => new AvroValueDecoder(registry as unknown as SchemaRegistry, fields);
    const framed = (id: number, payload: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0, id]), payload]);
    const good = writer.toBuffer({ ts: 1000, page: '/a', user_id: 'u1' });

    it.each([
      ['a record', framed(1, good)],
      ['a record with a string time', framed(1, writer.toBuffer({ ts: '2026-01-01T00:00:00Z', page: '/', user_id: 'u' }))],
      ['a record without a time', framed(1, writer.toBuffer({ ts: null, page: '/', user_id: 'u' }))],
      ['a truncated record', framed(1, good.subarray(0, good.length - 1))],
      ['trailing bytes', framed(1, Buffer.concat([good, Buffer.from([0])]))],
      ['an unknown schema id', framed(2, good)],
      ['JSON text', Buffer.from('{"ts":1}')],
      ['a tombstone', null],
    ])('%s', async (_, value) => {
      const speedDecoder = decoder(viewFields);
      const batchReader = wholeEventReader(decoder());
      await speedDecoder.prepare([value]);
      await batchReader.prepare([{ value }]);
      expect(speedVerdict(readSourceEvent(avro, speedDecoder, value))).toEqual(batchVerdict(avro, batchReader, value));
    });

    it('accepts a good record in both', async () => {
      const batchReader = wholeEventReader(decoder());
      await batchReader.prepare([{ value: framed(1, good) }]);
      expect(batchVerdict(avro, batchReader, framed(1, good))).toEqual({ ok: true, eventTime: 1000 });
    });
  });
});
