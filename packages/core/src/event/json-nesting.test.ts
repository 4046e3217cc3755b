import { MAX_JSON_NESTING, nestsDeeperThan } from './json-nesting';

/** An object nested `levels` deep, counting itself: {a:{a:...}} or, as `array`, [[...]]. */
function nested(levels: number, array = false): unknown {
  let value: unknown = array ? [] : {};
  for (let level = 1; level < levels; level++) value = array ? [value] : { a: value };
  return value;
}

describe('nestsDeeperThan', () => {
  it('counts the value itself as level 1 and empty containers as levels', () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    // The object, b's array, the object in it and c's empty array: four levels.
    expect(nestsDeeperThan({ a: 1, b: [1, { c: [] }] }, 4)).toBe(false);
    expect(nestsDeeperThan({ a: 1, b: [1, { c: [[]] }] }, 4)).toBe(true);
  });

  it('treats scalars as not nested at all', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
  });

  it('walks any depth without exhausting the call stack', () => {
    expect(nestsDeeperThan(nested(200_000, true))).toBe(true);
    expect(nestsDeeperThan(nested(MAX_JSON_NESTING, true))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_NESTING + 1, true))).toBe(true);
  });
});
