import type { SourceDefinition } from '@sluice/core';
import { decodeJsonEvent, eventTimeOf, jsonDecoder } from './event-decoder';
import { UndecodableRecordError } from './undecodable-record-error';

const source = { name: 'events', timestamp: 'ts' } as SourceDefinition;

describe('decodeJsonEvent', () => {
  it('reads a JSON object', () => {
    expect(decodeJsonEvent(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
  });

  it.each([['not json'], ['[1,2]'], ['42'], ['null']])('refuses %s with a reason', (text) => {
    expect(() => decodeJsonEvent(Buffer.from(text))).toThrow(UndecodableRecordError);
  });

  it('refuses a tombstone', () => {
    expect(() => decodeJsonEvent(null)).toThrow('record has no value');
  });
});

describe('eventTimeOf', () => {
  it('reads epoch ms and ISO-8601', () => {
    expect(eventTimeOf({ ts: 1000 }, source)).toBe(1000);
    expect(eventTimeOf({ ts: '1970-01-01T00:00:01Z' }, source)).toBe(1000);
  });

  it('names the field when the time is unusable', () => {
    expect(() => eventTimeOf({ ts: 'yesterday' }, source)).toThrow('field ts');
  });
});

describe('jsonDecoder', () => {
  const decoder = jsonDecoder(['ts', 'page']);

  it('builds only the fields the views read', () => {
    expect(decoder.decode(Buffer.from('{"ts":1,"page":"/a","user_id":"u1","tags":[1,2]}'))).toEqual({ ts: 1, page: '/a' });
  });

  it.each([['not json', /not JSON/], ['[1,2]', /not an object \(array\)/], ['{"ts":1}}', /not JSON/]])('refuses %s with the reason JSON.parse gives', (text, reason) => {
    expect(() => decoder.decode(Buffer.from(text))).toThrow(reason);
  });

  it('refuses a tombstone', () => {
    expect(() => decoder.decode(null)).toThrow('record has no value');
  });
});
