import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { AvroValueDecoder, schemaIdOf } from './avro-value-decoder';

// Nothing listens here: these cases are decided from the bytes alone, before any registry request.
const decoder = new AvroValueDecoder(new SchemaRegistry({ host: 'http://127.0.0.1:9' }));

describe('schemaIdOf', () => {
  it('reads the id after the magic byte', () => {
    expect(schemaIdOf(Buffer.from([0, 0, 0, 1, 2, 9]))).toBe(258);
    expect(schemaIdOf(new Uint8Array([0, 0x80, 0, 0, 1]))).toBe(Buffer.from([0x80, 0, 0, 1]).readInt32BE(0));
  });

  it.each([
    ['null', null],
    ['a short value', Buffer.from([0, 0, 0])],
    ['another magic byte', Buffer.from([1, 0, 0, 0, 7, 9])],
    ['JSON text', Buffer.from('{"a":1}')],
  ])('finds none in %s', (_, value) => {
    expect(schemaIdOf(value)).toBeUndefined();
  });
});

describe('AvroValueDecoder', () => {
  it('refuses a missing value and a value in another format without asking the registry', async () => {
    await decoder.prepare([null, Buffer.from('{"a":1}')]);
    expect(decoder.decode(null)).toEqual({ ok: false, reason: 'record has no value' });
    expect(decoder.decode(Buffer.from('{"a":1}'))).toEqual({ ok: false, reason: expect.stringMatching(/not in the Confluent Avro wire format/) });
  });

  it('refuses to decode a schema id that was not prepared, as a programming error', () => {
    expect(() => decoder.decode(Buffer.from([0, 0, 0, 0, 5, 2]))).toThrow(/not fetched before decoding/);
  });

  it('reports a registry it cannot reach as a retriable error, so the batch is read again later', async () => {
    await expect(decoder.prepare([Buffer.from([0, 0, 0, 0, 5, 2])])).rejects.toMatchObject({ code: 'SCHEMA_REGISTRY_FAILED', retriable: true });
  });
});
