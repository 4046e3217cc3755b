import { buildPipeline } from '../config/load';
import { STORABLE_EVENT_TIME } from './event-time-range';
import { jsonValueDecoder } from './json-value-decoder';
import { readSourceEvent, withEventTime } from './source-event-codec';

const source = buildPipeline({ sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts' } } }).sources['events']!;
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

describe('event-time bounds', () => {
  const MINUTE = 60_000;
  const DAY = 24 * 60 * MINUTE;
  const RECORDED = Date.UTC(2026, 5, 1);
  const reference = { ms: RECORDED, name: "the record's timestamp" };
  const against = (ts: unknown, ref: typeof reference | undefined) => readSourceEvent(source, decoder, Buffer.from(JSON.stringify({ ts })), ref);
  const at = (ts: unknown) => against(ts, reference);
  const refused = (verdict: ReturnType<typeof at>) => (verdict.ok ? 'accepted' : verdict.reason);

  it('protects a source that sets nothing: 5m ahead of the record, 3650d behind it', () => {
    expect(source.eventTime).toMatchObject({ maxFutureMs: 5 * MINUTE, maxPastMs: 3650 * DAY });
  });

  it('accepts times inside the bounds and at both edges', () => {
    expect(at(RECORDED)).toMatchObject({ ok: true, eventTime: RECORDED });
    expect(at(RECORDED + 5 * MINUTE)).toMatchObject({ ok: true, eventTime: RECORDED + 5 * MINUTE });
    expect(at(RECORDED - 3650 * DAY)).toMatchObject({ ok: true, eventTime: RECORDED - 3650 * DAY });
  });

  it('refuses times just outside the bounds, naming the bound and the reference', () => {
    expect(refused(at(RECORDED + 5 * MINUTE + 1))).toBe(
      "event_time_out_of_range: ts 2026-06-01T00:05:00.001Z is more than maxFuture (5m) after the record's timestamp 2026-06-01T00:00:00.000Z",
    );
    expect(refused(at(RECORDED - 3650 * DAY - 1))).toMatch(/^event_time_out_of_range: ts .* is more than maxPast \(3650d\) before the record's timestamp/);
  });

  it('measures from the reference it is given, not the clock, so a replay decides the same', () => {
    const old = Date.UTC(2001, 0, 1);
    expect(against(old + MINUTE, { ms: old, name: 'then' })).toMatchObject({ ok: true, eventTime: old + MINUTE });
    expect(refused(against(old + 6 * MINUTE, { ms: old, name: 'then' }))).toMatch(/more than maxFuture \(5m\) after then 2001-01-01T00:00:00.000Z$/);
  });

  it('applies the configured bounds', () => {
    const strict = buildPipeline({ sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts', eventTime: { maxFuture: '1s', maxPast: '30d' } } } }).sources['events']!;
    const read = (ts: number) => readSourceEvent(strict, decoder, Buffer.from(JSON.stringify({ ts })), reference);
    expect(read(RECORDED + 1000).ok).toBe(true);
    expect(read(RECORDED + 1001).ok).toBe(false);
    expect(read(RECORDED - 30 * DAY).ok).toBe(true);
    expect(read(RECORDED - 30 * DAY - 1).ok).toBe(false);
  });

  it.each([
    ['before 1970', -1, 'ts 1969-12-31T23:59:59.999Z'],
    ['far before 1970', -86_400_000 * 365, 'ts 1969-01-01T00:00:00.000Z'],
    ['unrepresentable', 1e21, 'ts 1e+21'],
    ['past the storable limit', STORABLE_EVENT_TIME.untilMs + 1, 'ts 2200-01-01T00:00:00.001Z'],
    ['an ISO time before 1970', '1969-12-31T23:59:59Z', 'ts 1969-12-31T23:59:59.000Z'],
    ['an ISO time past the limit', '2299-12-31T00:00:00Z', 'ts 2299-12-31T00:00:00.000Z'],
  ])('refuses a time %s even without a reference', (_, ts, shown) => {
    expect(refused(against(ts, undefined))).toBe(`event_time_out_of_range: ${shown} is outside the event times every layer can store (1970-01-01T00:00:00.000Z to 2200-01-01T00:00:00.000Z)`);
  });

  it('accepts the storable edges without a reference', () => {
    expect(against(0, undefined)).toMatchObject({ ok: true, eventTime: 0 });
    expect(against(STORABLE_EVENT_TIME.untilMs, undefined)).toMatchObject({ ok: true, eventTime: STORABLE_EVENT_TIME.untilMs });
  });

  it('keeps every window of the source storable: the earliest hopping window starts at the epoch, the latest ends at the limit', () => {
    const hopping = buildPipeline({
      sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts' } },
      views: [
        { name: 'h', source: 'events', window: { type: 'hopping', size: '10m', hop: '1m' }, measures: { n: 'count' } },
        { name: 's', source: 'events', window: { type: 'session', gap: '1h' }, groupBy: ['user_id'], measures: { n: 'count' } },
      ],
    }).sources['events']!;
    expect(hopping.eventTime).toMatchObject({ earliestMs: 9 * MINUTE, latestMs: STORABLE_EVENT_TIME.untilMs - 60 * MINUTE });
    const read = (ts: number) => readSourceEvent(hopping, decoder, Buffer.from(JSON.stringify({ ts })));
    expect(read(9 * MINUTE).ok).toBe(true);
    expect(read(9 * MINUTE - 1).ok).toBe(false);
    expect(read(STORABLE_EVENT_TIME.untilMs - 60 * MINUTE).ok).toBe(true);
    expect(read(STORABLE_EVENT_TIME.untilMs - 60 * MINUTE + 1).ok).toBe(false);
  });
});
