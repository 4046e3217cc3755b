import { Type } from 'avsc';
import { datumDecoder, projectedDecoder } from './avro-projection';

const writer = Type.forSchema({
  type: 'record',
  name: 'AppEvent',
  namespace: 'dev.sluice.test',
  fields: [
    { name: 'origin', type: { type: 'record', name: 'Place', fields: [{ name: 'page', type: 'string' }, { name: 'depth', type: 'int' }] } },
    { name: 'target', type: 'Place' },
    { name: 'event_id', type: 'string' },
    { name: 'ts', type: 'long' },
    { name: 'user_id', type: ['null', 'string'], default: null },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'amount', type: 'double' },
  ],
});

describe('projectedDecoder', () => {
  it('decodes the kept fields exactly as a full decode does, for 2,000 random records', () => {
    const decode = projectedDecoder(writer, ['ts', 'user_id', 'target', 'amount', 'not_in_schema']);
    for (let run = 0; run < 2_000; run++) {
      const record: unknown = writer.random();
      const payload = writer.toBuffer(record);
      const full = writer.fromBuffer(payload) as Record<string, unknown>;
      // After a header, as records carry the datum after the wire format's five bytes.
      expect({ ...(decode(Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), payload]), 5) as object) }).toEqual({ ts: full['ts'], user_id: full['user_id'], target: full['target'], amount: full['amount'] });
    }
  });

  it('keeps a field whose named type is first defined in a dropped one', () => {
    const payload = writer.toBuffer({ origin: { page: '/a', depth: 1 }, target: { page: '/b', depth: 2 }, event_id: 'e', ts: 5, user_id: null, tags: [], amount: 1 });
    expect({ ...(projectedDecoder(writer, ['target'])(payload, 0) as object) }).toEqual({ target: { page: '/b', depth: 2 } });
  });

  it('refuses truncated bytes and bytes left over, as a full decode does', () => {
    const payload = writer.toBuffer(writer.random());
    for (const decode of [projectedDecoder(writer, ['ts']), datumDecoder(writer)]) {
      expect(() => decode(payload.subarray(0, payload.length - 1), 0)).toThrow('truncated buffer');
      expect(() => decode(Buffer.concat([payload, Buffer.from([0])]), 0)).toThrow('trailing data');
    }
  });
});
