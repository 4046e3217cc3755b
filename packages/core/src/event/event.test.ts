import { groupKeyOf, groupKeyOfValues, groupValueString, groupValues } from './group-key';
import { readField, toMeasureNumber } from './read-field';
import { compileWhere, matchesWhere } from './where-filter';

describe('readField', () => {
  it('reads own fields only', () => {
    expect(readField({ a: 1 }, 'a')).toBe(1);
    expect(readField({}, 'constructor')).toBeUndefined();
    expect(readField({ toString: 'x' }, 'toString')).toBe('x');
  });
});

describe('toMeasureNumber', () => {
  it('takes finite numbers and plain decimal strings, and skips the rest', () => {
    expect([12, -0.5, '12.5', '-3', '.5', '3e2', '1E-3'].map(toMeasureNumber)).toEqual([12, -0.5, 12.5, -3, 0.5, 300, 0.001]);
    for (const skipped of [undefined, null, true, '', ' 1', '0x10', 'Infinity', 'abc', NaN, Infinity, {}, [1]]) {
      expect(toMeasureNumber(skipped)).toBeUndefined();
    }
  });
});

describe('group values', () => {
  it('stringify the same way everywhere', () => {
    expect(['home', 3, 1.5, 1e21, true, false, null, undefined, { a: 1 }].map(groupValueString)).toEqual([
      'home', '3', '1.5', '1e+21', 'true', 'false', '', '', '{"a":1}',
    ]);
  });

  it('list the groupBy fields in order, missing ones empty', () => {
    expect(groupValues({ page: '/a', country: 'KR', n: 2 }, ['country', 'page', 'n', 'gone'])).toEqual(['KR', '/a', '2', '']);
  });

  it('key groups without collisions between different value lists', () => {
    expect(groupKeyOf({ a: 'x|y', b: 'z' }, ['a', 'b'])).not.toBe(groupKeyOf({ a: 'x', b: 'y|z' }, ['a', 'b']));
    expect(groupKeyOf({ a: '1:x', b: '' }, ['a', 'b'])).not.toBe(groupKeyOf({ a: '', b: 'x' }, ['a', 'b']));
    expect(groupKeyOf({ a: 'x\u0000', b: 'y' }, ['a', 'b'])).not.toBe(groupKeyOf({ a: 'x', b: '\u0000y' }, ['a', 'b']));
    expect(groupKeyOf({ a: 'x\u00010', b: '' }, ['a', 'b'])).not.toBe(groupKeyOf({ a: 'x\u0000', b: '' }, ['a', 'b']));
    expect(groupKeyOf({ a: 7 }, ['a'])).toBe('7');
    expect(groupKeyOf({ a: 7 }, [])).toBe('');
  });

  it('key the values of a group as they key the event they came from', () => {
    for (const event of [{ a: 'x\u0000', b: 'y\u0001' }, { a: 7, b: null }, { a: '', b: '' }, { a: { n: 1 } }]) {
      for (const groupBy of [['a'], ['a', 'b'], []]) expect(groupKeyOfValues(groupValues(event, groupBy))).toBe(groupKeyOf(event, groupBy));
    }
  });
});

describe('where', () => {
  const where = { type: ['page_view', 'click'], status: [200] };
  const cases: [Record<string, unknown>, boolean][] = [
    [{ type: 'click', status: 200 }, true],
    [{ type: 'click', status: '200' }, true],
    [{ type: 'buy', status: 200 }, false],
    [{ type: 'click' }, false],
    [{ type: 'click', status: null }, false],
  ];

  it.each(cases)('matches %j: %s', (event, expected) => {
    expect(matchesWhere(event, where)).toBe(expected);
    expect(compileWhere(where)(event)).toBe(expected);
  });

  it('lets every event through an empty where', () => {
    expect(matchesWhere({}, {})).toBe(true);
    expect(compileWhere({})({})).toBe(true);
  });
});

describe('readField on prototype names', () => {
  it('finds no inherited field, and an own __proto__ field only when the event has one', () => {
    for (const field of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      expect(readField({}, field)).toBeUndefined();
    }
    expect(readField(JSON.parse('{"__proto__": 5}') as Record<string, unknown>, '__proto__')).toBe(5);
  });
});
