import type { SourceDefinition } from '../config/types';
import { jsonValueDecoder } from './json-value-decoder';
import { readSourceEvent, withEventTime } from './source-event-codec';

const source = { name: 'events', timestamp: 'ts' } as SourceDefinition;
const decoder = jsonValueDecoder(['ts', 'page']);
const read = (text: string) => readSourceEvent(source, decoder, Buffer.from(text));

describe('readSourceEvent', () => {
  it('reads epoch ms and ISO-8601 event times', () => {
    expect(read('{"ts":1000,"page":"/"}')).toEqual({ ok: true, event: { ts: 1000, page: '/' }, eventTime: 1000 });
    expect(read('{"ts":"1970-01-01T00:00:01Z"}')).toMatchObject({ ok: true, eventTime: 1000 });
  });

  it.each(['{"ts":"yesterday"}', '{"page":"/"}', '{"ts":null}'])('names the field when the time in %s is unusable', (text) => {
    expect(read(text)).toEqual({ ok: false, reason: 'field ts is missing or not a time (epoch ms or ISO-8601)' });
  });

  it('passes the decoder’s refusal on unchanged', () => {
    expect(read('[1]')).toEqual({ ok: false, reason: 'value is JSON but not an object (array)' });
    expect(withEventTime(source, { ok: false, reason: 'r' })).toEqual({ ok: false, reason: 'r' });
  });

  it('does not take the time from an inherited property', () => {
    expect(withEventTime(source, { ok: true, event: Object.create({ ts: 5 }) as Record<string, unknown> }).ok).toBe(false);
  });
});
