import { buildPipeline, MAX_JSON_NESTING } from '@sluice/core';
import { validateEvent } from './validate-event';

const source = buildPipeline({
  sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts', fields: { latency_ms: 'number', premium: 'boolean', page: 'string' } } },
}).sources['events']!;
/** When the events of these cases arrive; their times lie just before it. */
const ARRIVED = Date.UTC(2026, 0, 1, 0, 1);
const T = Date.UTC(2026, 0, 1);

describe('validateEvent', () => {
  it('accepts epoch and ISO times, numeric keys, and keeps undeclared fields', () => {
    expect(validateEvent(source, { user_id: 'u1', ts: 1_767_225_600_000, anything: { nested: true } }, ARRIVED)).toEqual({
      ok: true,
      event: { user_id: 'u1', ts: 1_767_225_600_000, anything: { nested: true } },
    });
    expect(validateEvent(source, { user_id: 7, ts: '2026-01-01T00:00:00Z', latency_ms: null }, ARRIVED).ok).toBe(true);
  });

  it.each([
    [[1, 2], 'not_an_object'],
    [null, 'not_an_object'],
    [{ user_id: 'u1' }, 'missing_timestamp'],
    [{ user_id: 'u1', ts: 'soon' }, 'bad_timestamp'],
    [{ ts: T }, 'missing_key'],
    [{ ts: T, user_id: '' }, 'missing_key'],
    [{ ts: T, user_id: ['a'] }, 'bad_key'],
    [{ ts: T, user_id: 'u1', event_id: 5 }, 'bad_id'],
    [{ ts: T, user_id: 'u1', latency_ms: '12' }, 'wrong_type'],
    [{ ts: T, user_id: 'u1', premium: 'yes' }, 'wrong_type'],
    [{ ts: T, user_id: 'u1', page: 3 }, 'wrong_type'],
  ])('rejects %p as %s', (event, reason) => {
    expect(validateEvent(source, event, ARRIVED)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['more than 5m ahead of its arrival', ARRIVED + 5 * 60_000 + 1, /^ts 2026-01-01T00:06:00.001Z is more than maxFuture \(5m\) after its arrival 2026-01-01T00:01:00.000Z$/],
    ['more than 3650d before its arrival', ARRIVED - 3650 * 86_400_000 - 1, /is more than maxPast \(3650d\) before its arrival/],
    ['in 2100', '2100-01-01T00:00:00Z', /maxFuture/],
    ['before 1970', -1, /outside the event times every layer can store/],
    ['unrepresentable', 1e21, /^ts 1e\+21 is outside/],
  ])('rejects an event time %s as event_time_out_of_range', (_, ts, message) => {
    const validation = validateEvent(source, { ts, user_id: 'u1' }, ARRIVED);
    expect(validation).toMatchObject({ ok: false, reason: 'event_time_out_of_range' });
    expect(!validation.ok && validation.message).toMatch(message);
  });

  it('accepts event times at the edges of the bounds', () => {
    expect(validateEvent(source, { ts: ARRIVED + 5 * 60_000, user_id: 'u1' }, ARRIVED).ok).toBe(true);
    expect(validateEvent(source, { ts: ARRIVED - 3650 * 86_400_000, user_id: 'u1' }, ARRIVED).ok).toBe(true);
  });

  it('rejects an event nested deeper than MAX_JSON_NESTING levels, which ClickHouse could not read back', () => {
    const nested = (levels: number) => JSON.parse(`{"user_id":"u1","ts":${T},"x":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`) as unknown;
    expect(validateEvent(source, nested(MAX_JSON_NESTING), ARRIVED).ok).toBe(true);
    expect(validateEvent(source, nested(MAX_JSON_NESTING + 1), ARRIVED)).toEqual({ ok: false, reason: 'too_deeply_nested', message: `the event nests deeper than ${MAX_JSON_NESTING} levels` });
  });

  it('rejects a string with a lone surrogate, which ClickHouse refuses to store', () => {
    expect(validateEvent(source, JSON.parse(`{"user_id":"u1","ts":${T},"page":"\\ud800"}`), ARRIVED)).toMatchObject({ ok: false, reason: 'lone_surrogate' });
    expect(validateEvent(source, JSON.parse(`{"user_id":"u1","ts":${T},"page":"\\ud83d\\ude00"}`), ARRIVED).ok).toBe(true);
  });

  it('says which field is wrong and what it must be', () => {
    expect(validateEvent(source, { ts: T, user_id: 'u1', latency_ms: 'slow' }, ARRIVED)).toEqual({ ok: false, reason: 'wrong_type', message: 'latency_ms must be a number, not "slow"' });
  });
});
