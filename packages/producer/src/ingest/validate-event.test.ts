import { buildPipeline, MAX_JSON_NESTING } from '@sluice/core';
import { validateEvent } from './validate-event';

const source = buildPipeline({
  sources: { events: { topic: 'events', key: 'user_id', timestamp: 'ts', fields: { latency_ms: 'number', premium: 'boolean', page: 'string' } } },
}).sources['events']!;

describe('validateEvent', () => {
  it('accepts epoch and ISO times, numeric keys, and keeps undeclared fields', () => {
    expect(validateEvent(source, { user_id: 'u1', ts: 1_767_225_600_000, anything: { nested: true } })).toEqual({
      ok: true,
      event: { user_id: 'u1', ts: 1_767_225_600_000, anything: { nested: true } },
    });
    expect(validateEvent(source, { user_id: 7, ts: '2026-01-01T00:00:00Z', latency_ms: null }).ok).toBe(true);
  });

  it.each([
    [[1, 2], 'not_an_object'],
    [null, 'not_an_object'],
    [{ user_id: 'u1' }, 'missing_timestamp'],
    [{ user_id: 'u1', ts: 'soon' }, 'bad_timestamp'],
    [{ ts: 1 }, 'missing_key'],
    [{ ts: 1, user_id: '' }, 'missing_key'],
    [{ ts: 1, user_id: ['a'] }, 'bad_key'],
    [{ ts: 1, user_id: 'u1', event_id: 5 }, 'bad_id'],
    [{ ts: 1, user_id: 'u1', latency_ms: '12' }, 'wrong_type'],
    [{ ts: 1, user_id: 'u1', premium: 'yes' }, 'wrong_type'],
    [{ ts: 1, user_id: 'u1', page: 3 }, 'wrong_type'],
  ])('rejects %p as %s', (event, reason) => {
    expect(validateEvent(source, event)).toMatchObject({ ok: false, reason });
  });

  it('rejects an event nested deeper than MAX_JSON_NESTING levels, which ClickHouse could not read back', () => {
    const nested = (levels: number) => JSON.parse(`{"user_id":"u1","ts":1,"x":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`) as unknown;
    expect(validateEvent(source, nested(MAX_JSON_NESTING)).ok).toBe(true);
    expect(validateEvent(source, nested(MAX_JSON_NESTING + 1))).toEqual({ ok: false, reason: 'too_deeply_nested', message: `the event nests deeper than ${MAX_JSON_NESTING} levels` });
  });

  it('says which field is wrong and what it must be', () => {
    expect(validateEvent(source, { ts: 1, user_id: 'u1', latency_ms: 'slow' })).toEqual({ ok: false, reason: 'wrong_type', message: 'latency_ms must be a number, not "slow"' });
  });
});
