import { Type } from 'avsc';
import { projectedDecoder } from './avro-projection';

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
      expect({ ...(decode(payload) as object) }).toEqual({ ts: full['ts'], user_id: full['user_id'], target: full['target'], amount: full['amount'] });
    }
  });

  it('keeps a field whose named type is first defined in a dropped one', () => {
    const payload = writer.toBuffer({ origin: { page: '/a', depth: 1 }, target: { page: '/b', depth: 2 }, event_id: 'e', ts: 5, user_id: null, tags: [], amount: 1 });
    expect({ ...(projectedDecoder(writer, ['target'])(payload) as object) }).toEqual({ target: { page: '/b', depth: 2 } });
  });

  it('refuses bytes that do not decode, as a full decode does', () => {
    const decode = projectedDecoder(writer, ['ts']);
    expect(() => decode(Buffer.from([1, 2, 3]))).toThrow();
  });
});
