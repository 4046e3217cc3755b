import { JSON_VALUE_ISSUE_REASONS, MAX_JSON_NESTING } from '../event/json-value-shape';

const TOO_DEEPLY_NESTED_REASON = JSON_VALUE_ISSUE_REASONS.too_deeply_nested;
import { decodeJsonValue, jsonValueDecoder } from './json-value-decoder';

const bytes = (text: string): Uint8Array => Buffer.from(text);

describe('decodeJsonValue', () => {
  it('reads a JSON object and keeps its text', () => {
    expect(decodeJsonValue(bytes('{"a":1}'))).toEqual({ ok: true, event: { a: 1 }, text: '{"a":1}' });
  });

  it.each([
    ['not json', /^value is not JSON: /],
    ['[1,2]', /^value is JSON but not an object \(array\)$/],
    ['42', /not an object \(number\)/],
    ['null', /not an object \(object\)/],
    ['\uFEFF{"a":1}', /^value is not JSON/],
  ])('refuses %j with a reason', (text, reason) => {
    const verdict = decodeJsonValue(bytes(text));
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it('reads invalid UTF-8 as U+FFFD, as Buffer does', () => {
    const value = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xe2, 0x82, 0x22, 0x7d]);
    expect(decodeJsonValue(value)).toMatchObject({ ok: true, text: value.toString('utf8') });
  });
});

describe('jsonValueDecoder', () => {
  it('builds only the fields the views read, given them', () => {
    expect(jsonValueDecoder(['ts', 'page']).decode(bytes('{"ts":1,"page":"/a","user_id":"u1","tags":[1,2]}'))).toEqual({ ok: true, event: { ts: 1, page: '/a' } });
  });

  it('builds the whole event without fields', () => {
    expect(jsonValueDecoder().decode(bytes('{"ts":1,"tags":[1]}'))).toMatchObject({ ok: true, event: { ts: 1, tags: [1] } });
  });

  it.each(['not json', '[1,2]', '{"ts":1}}', '{"ts":1', '"text"', ''])('refuses %j narrowed with the reason a whole decode gives', (text) => {
    const whole = decodeJsonValue(bytes(text));
    expect(whole.ok).toBe(false);
    expect(jsonValueDecoder(['ts']).decode(bytes(text))).toEqual(whole);
    expect(jsonValueDecoder().decode(bytes(text))).toEqual(whole);
  });

  it('refuses a tombstone', () => {
    expect(jsonValueDecoder(['ts']).decode(null)).toEqual({ ok: false, reason: 'record has no value' });
    expect(jsonValueDecoder().decode(null)).toEqual({ ok: false, reason: 'record has no value' });
  });
});

describe('nesting past MAX_JSON_NESTING', () => {
  /** `levels` nested arrays ([[…]]) or objects ({"a":{"a":…}}). */
  const containers = (levels: number, kind: 'arrays' | 'objects') =>
    kind === 'arrays' ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
  /** An event `levels` deep: the event object is level 1, its member x holds the rest. */
  const event = (levels: number, kind: 'arrays' | 'objects' = 'arrays') => `{"ts":1,"page":"/p","x":${containers(levels - 1, kind)}}`;

  it.each(['arrays', 'objects'] as const)('is refused by the whole and the narrowed decode alike, at the same level (%s)', (kind) => {
    for (const decode of [jsonValueDecoder().decode, jsonValueDecoder(['ts', 'page']).decode, jsonValueDecoder(['ts', 'x']).decode]) {
      expect(decode(bytes(event(MAX_JSON_NESTING, kind))).ok).toBe(true);
      expect(decode(bytes(event(MAX_JSON_NESTING + 1, kind)))).toEqual({ ok: false, reason: TOO_DEEPLY_NESTED_REASON });
    }
  });

  it('refuses nesting far past the limit without exhausting the stack', () => {
    expect(jsonValueDecoder(['ts']).decode(bytes(event(200_000)))).toEqual({ ok: false, reason: TOO_DEEPLY_NESTED_REASON });
    expect(decodeJsonValue(bytes(event(200_000)))).toEqual({ ok: false, reason: TOO_DEEPLY_NESTED_REASON });
  });
});

describe('lone surrogates', () => {
  it.each(['{"ts":1,"page":"\\ud800"}', '{"ts":1,"x":{"\\udc00":1}}', '{"ts":1,"x":["a\\udbff"]}'])('refuses %s in the whole and the narrowed decode alike', (text) => {
    for (const decode of [jsonValueDecoder().decode, jsonValueDecoder(['ts', 'page']).decode, jsonValueDecoder(['ts']).decode]) {
      expect(decode(bytes(text))).toEqual({ ok: false, reason: JSON_VALUE_ISSUE_REASONS.lone_surrogate });
    }
  });

  it('reads an escaped surrogate pair as the character it is', () => {
    expect(jsonValueDecoder(['ts', 'page']).decode(bytes('{"ts":1,"page":"\\ud83d\\ude00"}'))).toMatchObject({ ok: true, event: { ts: 1, page: '\u{1F600}' } });
  });
});
