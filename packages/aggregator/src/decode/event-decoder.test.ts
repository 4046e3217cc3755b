import type { SourceDefinition } from '@sluice/core';
import { decodeJsonEvent, eventTimeOf } from './event-decoder';
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
