import { JsonFieldPicker, JsonPickError } from './json-field-picker';
import { MAX_JSON_NESTING } from './json-value-shape';
import { seededRandom } from '../../../../test/support/seeded-random';

const FIELDS = ['ts', 'user_id', 'amount', 'page', 'tags', '__proto__', 'é'];

/** What JSON.parse makes of `bytes`, reduced to the picked fields; undefined when it refuses them or they are not an object. */
function expected(bytes: Buffer, fields: readonly string[]): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    if (Object.hasOwn(parsed, field)) Object.defineProperty(picked, field, { value: (parsed as Record<string, unknown>)[field], enumerable: true });
  }
  return picked;
}

function pickOrError(picker: JsonFieldPicker, bytes: Uint8Array): Record<string, unknown> | JsonPickError {
  try {
    return { ...Object.getOwnPropertyDescriptors(picker.pick(bytes)) } as Record<string, unknown>;
  } catch (error) {
    if (error instanceof JsonPickError) return error;
    throw error;
  }
}

/** Same outcome as JSON.parse: the same picked values (own properties, -0 and NaN told apart), or both refuse. */
function agreesWithJsonParse(picker: JsonFieldPicker, bytes: Buffer, fields: readonly string[]): boolean {
  const want = expected(bytes, fields);
  const got = pickOrError(picker, bytes);
  if (want === undefined) return got instanceof JsonPickError;
  // By design the picker leaves every surrogate escape to the whole decode, which checks the pairing.
  if (got instanceof JsonPickError) return got.message.startsWith('surrogate escape');
  const wantKeys = Object.keys(want).sort();
  const gotKeys = Object.keys(got).sort();
  if (wantKeys.join('\u0000') !== gotKeys.join('\u0000')) return false;
  return wantKeys.every((key) => {
    const value = (got[key] as PropertyDescriptor).value as unknown;
    return typeof value === 'object' && value !== null ? JSON.stringify(value) === JSON.stringify(want[key]) : Object.is(value, want[key]);
  });
}

describe('JsonFieldPicker', () => {
  const picker = new JsonFieldPicker(FIELDS);

  it('builds only the named fields, as JSON.parse would', () => {
    const event = picker.pick(Buffer.from(' {"event_id":"e1", "ts" : 1700000000123,"user_id":"u\\u00e9","amount":-1.5e2,"tags":[1,{"a":null}],"ok":true}\n'));
    expect(event).toEqual({ ts: 1_700_000_000_123, user_id: 'ué', amount: -150, tags: [1, { a: null }] });
  });

  it('lets the last of duplicate keys win, even when one is written with escapes', () => {
    expect(picker.pick(Buffer.from('{"ts":1,"t\\u0073":2}'))).toEqual({ ts: 2 });
  });

  it('keeps __proto__ a field, never the prototype', () => {
    const event = picker.pick(Buffer.from('{"__proto__":{"polluted":1}}'));
    expect(Object.hasOwn(event, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
  });

  it('reads numbers past the exact digit-by-digit range the way JSON.parse does', () => {
    for (const text of ['0', '-0', '999999999999999', '9999999999999999', '12345678901234567890', '1e400', '-1E-400', '0.1', '5e-324']) {
      expect(Object.is(picker.pick(Buffer.from(`{"amount":${text}}`)).amount, JSON.parse(text))).toBe(true);
    }
  });

  it('refuses what is not one JSON object, saying where', () => {
    for (const text of ['', '[]', '1', '"x"', 'null', '{', '{"ts":}', '{"ts":01}', '{"ts":1.}', '{"ts":.5}', '{"ts":+1}', '{"a":1,}', '{"a":[1,]}', '{"a":"\\x"}', '{"a":"\u0001"}', '{"a":tru}', '{}x', '\uFEFF{}']) {
      expect(() => picker.pick(Buffer.from(text))).toThrow(JsonPickError);
    }
    expect(() => picker.pick(Buffer.from('{"ts":1 "a":2}'))).toThrow('expected , or } at position 8 (found byte 0x22)');
    expect(() => picker.pick(Buffer.from('{"ts":"abc'))).toThrow('unterminated string at position 10 (found end of input)');
  });

  it('skips nesting up to MAX_JSON_NESTING levels and refuses deeper, at any depth without exhausting the stack', () => {
    const nested = (levels: number) => `{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)},"ts":3}`;
    expect(picker.pick(Buffer.from(nested(MAX_JSON_NESTING)))).toEqual({ ts: 3 });
    expect(() => picker.pick(Buffer.from(nested(MAX_JSON_NESTING + 1)))).toThrow(`nesting deeper than ${MAX_JSON_NESTING} levels`);
    expect(() => picker.pick(Buffer.from(nested(200_000)))).toThrow(JsonPickError);
    expect(() => picker.pick(Buffer.from(`{"a":${'['.repeat(200_000)}}`))).toThrow(JsonPickError);
  });

  it('leaves every surrogate escape, lone or paired, to the whole decode', () => {
    for (const escape of ['\\ud800', '\\uDBFF', '\\udc00', '\\ud83d\\ude00']) {
      expect(() => picker.pick(Buffer.from(`{"ts":1,"other":"${escape}"}`))).toThrow('surrogate escape');
    }
    expect(picker.pick(Buffer.from('{"ts":1,"page":"\\ud7ff\\ue000"}'))).toEqual({ ts: 1, page: '\ud7ff\ue000' });
  });

  it('agrees with JSON.parse on 20,000 random valid and corrupted values', () => {
    const random = seededRandom(11);
    const disagreements: string[] = [];
    for (let run = 0; run < 20_000; run++) {
      const bytes = Buffer.from(randomEventText(random), 'utf8');
      const cases = [bytes, corrupt(bytes, random)];
      for (const candidate of cases) {
        if (!agreesWithJsonParse(picker, candidate, FIELDS)) disagreements.push(candidate.toString('latin1'));
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });

  it('reads a plain Uint8Array exactly as a Buffer of the same bytes', () => {
    const random = seededRandom(12);
    const text = '{"page":"\ufeff/a/long/path/é/😀","amount":-1.25e-3,"tags":[1,"é"],"user_id":"\\u0075x","ts":"ÿ"}';
    // The latin1 bytes of that text are invalid UTF-8: both decoders must replace them alike.
    const candidates: Buffer[] = [Buffer.from(text), Buffer.from(text, 'latin1')];
    for (let run = 0; run < 5_000; run++) candidates.push(corrupt(Buffer.from(randomEventText(random), 'utf8'), random));
    const differences = candidates.filter((bytes) => JSON.stringify(pickOrError(picker, new Uint8Array(bytes))) !== JSON.stringify(pickOrError(picker, bytes)));
    expect(differences.slice(0, 5).map((bytes) => bytes.toString('latin1'))).toEqual([]);
  });
});

const SCALARS = ['0', '-0', '7', '-12.5', '3e2', '1E-3', '123456789012345678', 'true', 'false', 'null', '""', '"x"', '"é"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\ud83d\\ude00"', '"\\u0000"', '"tab\\tin"'];
const KEYS = ['"ts"', '"user_id"', '"amount"', '"page"', '"tags"', '"other"', '"__proto__"', '"\\u0074s"', '"é"', '"\\u00e9"', '""'];
const SPACE = ['', '', '', ' ', '\n', '\t ', '\r\n'];

function pickFrom<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomValue(random: () => number, depth: number): string {
  const roll = random();
  if (depth > 3 || roll < 0.6) return pickFrom(SCALARS, random);
  const count = Math.floor(random() * 4);
  const items = Array.from({ length: count }, () => randomValue(random, depth + 1));
  if (roll < 0.8) return `[${items.join(`${pickFrom(SPACE, random)},`)}]`;
  return `{${items.map((item) => `${pickFrom(KEYS, random)}:${item}`).join(',')}}`;
}

function randomEventText(random: () => number): string {
  const members = Array.from({ length: Math.floor(random() * 7) }, () => `${pickFrom(SPACE, random)}${pickFrom(KEYS, random)}${pickFrom(SPACE, random)}:${pickFrom(SPACE, random)}${randomValue(random, 0)}`);
  return `${pickFrom(SPACE, random)}{${members.join(',')}}${pickFrom(SPACE, random)}`;
}

/** Flips, drops or inserts one byte; the result is often, not always, invalid JSON. */
function corrupt(bytes: Buffer, random: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const at = Math.floor(random() * copy.length);
  const noise = pickFrom([0x22, 0x5c, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x30, 0x2d, 0x2e, 0x65, 0x20, 0x01, 0xc3, 0xff, 0x75], random);
  const roll = random();
  if (roll < 0.33) copy[at] = noise;
  else if (roll < 0.66) return Buffer.concat([copy.subarray(0, at), copy.subarray(at + 1)]);
  else return Buffer.concat([copy.subarray(0, at), Buffer.from([noise]), copy.subarray(at)]);
  return copy;
}
