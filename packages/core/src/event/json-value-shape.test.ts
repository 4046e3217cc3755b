import { jsonValueIssue, MAX_JSON_NESTING } from './json-value-shape';

/** An object nested `levels` deep, counting itself: {a:{a:...}} or, as `array`, [[...]]. */
function nested(levels: number, array = false): unknown {
  let value: unknown = array ? [] : {};
  for (let level = 1; level < levels; level++) value = array ? [value] : { a: value };
  return value;
}

describe('jsonValueIssue', () => {
  it('counts the value itself as level 1 and empty containers as levels', () => {
    expect(jsonValueIssue(nested(3), 3)).toBeUndefined();
    expect(jsonValueIssue(nested(4), 3)).toBe('too_deeply_nested');
    // The object, b's array, the object in it and c's empty array: four levels.
    expect(jsonValueIssue({ a: 1, b: [1, { c: [] }] }, 4)).toBeUndefined();
    expect(jsonValueIssue({ a: 1, b: [1, { c: [[]] }] }, 4)).toBe('too_deeply_nested');
  });

  it('walks any depth without exhausting the call stack', () => {
    expect(jsonValueIssue(nested(200_000, true))).toBe('too_deeply_nested');
    expect(jsonValueIssue(nested(MAX_JSON_NESTING, true))).toBeUndefined();
    expect(jsonValueIssue(nested(MAX_JSON_NESTING + 1, true))).toBe('too_deeply_nested');
  });

  it('finds a lone surrogate in any string or member name, and accepts surrogate pairs', () => {
    expect(jsonValueIssue(JSON.parse('{"a":{"b":["ok","x\\ud800"]}}'))).toBe('lone_surrogate');
    expect(jsonValueIssue(JSON.parse('{"\\udc00":1}'))).toBe('lone_surrogate');
    expect(jsonValueIssue(JSON.parse('{"a":"\\udc00\\ud800"}'))).toBe('lone_surrogate');
    expect(jsonValueIssue(JSON.parse('{"a":"\\ud83d\\ude00 and é"}'))).toBeUndefined();
    expect(jsonValueIssue('\ud800')).toBe('lone_surrogate');
  });

  it('finds nothing in scalars and plain events', () => {
    expect(jsonValueIssue(null)).toBeUndefined();
    expect(jsonValueIssue(42)).toBeUndefined();
    expect(jsonValueIssue({ ts: 1, page: '/home', tags: ['a', 'b'] })).toBeUndefined();
  });
});
