import { parsePipeline } from '@sluice/core';
import { isUndecodable, toRawRow } from './raw-record';
import { PartitionBuffer } from './partition-buffer';

const source = parsePipeline(`sources:\n  events: { topic: events, key: user_id, timestamp: ts }\n`, { env: {}, origin: 'test' }).sources['events']!;
/** Records written when the fixtures' event times were recent. */
const RECORDED = String(Date.UTC(2026, 0, 1));
const message = (value: string | null, key: string | null = 'u1', timestamp = RECORDED) => ({
  partition: 2,
  offset: '17',
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  timestamp,
});

describe('toRawRow', () => {
  it('keeps the value byte for byte with typed time, id and key', () => {
    const value = '{"event_id":"e1","ts":"2026-01-01T00:00:01Z","user_id":"u1","new_field":[1,2]}';
    const row = toRawRow(source, message(value));
    expect(row).toEqual({ event_time: Date.UTC(2026, 0, 1, 0, 0, 1), event_id: 'e1', event_key: 'u1', kafka_partition: 2, kafka_offset: '17', landed_watermark: 0, raw: value });
  });

  it('identifies an event without an id by its Kafka coordinates and keys it by its key field', () => {
    const row = toRawRow(source, message('{"ts":1767225600005,"user_id":7}', null));
    expect(row).toMatchObject({ event_id: 'events/2/17', event_key: '7' });
  });

  it.each([
    [null, 'record has no value'],
    ['{not json', 'value is not JSON'],
    ['[1,2]', 'not an object (array)'],
    ['{"user_id":"u1"}', 'field ts is missing or not a time'],
    ['{"ts":"yesterday"}', 'field ts is missing or not a time'],
    ['{"ts":"2100-01-01T00:00:00Z"}', 'event_time_out_of_range: ts 2100-01-01T00:00:00.000Z is more than maxFuture (5m)'],
    ['{"ts":-1}', 'event_time_out_of_range: ts 1969-12-31T23:59:59.999Z is outside the event times every layer can store'],
    ['{"ts":1e21}', 'event_time_out_of_range: ts 1e+21 is outside'],
  ])('sends %s to the dead letters', (value, reason) => {
    const row = toRawRow(source, message(value));
    expect(isUndecodable(row) && row.reason).toContain(reason);
  });
});

describe('PartitionBuffer', () => {
  it('hands over the offset range it holds, dead letters included', () => {
    const buffer = new PartitionBuffer('events', 0, 0);
    buffer.add('5');
    buffer.add('6', toRawRow(source, message('{"ts":1767225600001}')) as never);
    expect(buffer.take()).toMatchObject({ firstOffset: '5', lastOffset: '6' });
    expect(buffer.take()).toBeUndefined();
  });

  it('holds an interrupted range until it is complete again', () => {
    const buffer = new PartitionBuffer('events', 0, 0);
    buffer.cutAt = 7n;
    buffer.add('5');
    expect(buffer.ready).toBe(false);
    expect(buffer.take()).toBeUndefined();
    buffer.add('6');
    buffer.add('7');
    expect(buffer.take()).toMatchObject({ firstOffset: '5', lastOffset: '7' });
    expect(buffer.cutAt).toBeUndefined();
  });
});
