import { groupKeyOf, groupValues, OVERFLOW_GROUP_KEY, OVERFLOW_GROUP_VALUE } from '@sluice/core';
import { seededRandom } from '../../../../test/support/seeded-random';
import { groupOfKey } from './group-of-key';

// Characters that groupKeyOf separates or escapes with, and the escape digits, so that every escape path is hit.
const ALPHABET = ['a', 'b', '0', '1', '\u0000', '\u0001', '|', 'é', '😀'];

function randomValue(random: () => number): unknown {
  const pick = random();
  if (pick < 0.1) return undefined;
  if (pick < 0.2) return Math.floor(random() * 1_000) / 4;
  if (pick < 0.25) return random() < 0.5;
  const length = Math.floor(random() * 5);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  return text;
}

describe('groupOfKey', () => {
  it('gives back the group values groupKeyOf built the key from, for 0 to 3 group columns (random values with separators and escapes)', () => {
    const random = seededRandom(7);
    for (let arity = 0; arity <= 3; arity++) {
      const groupBy = ['g0', 'g1', 'g2'].slice(0, arity);
      for (let i = 0; i < 2_000; i++) {
        const event = Object.fromEntries(groupBy.map((field) => [field, randomValue(random)]));
        expect(groupOfKey(groupKeyOf(event, groupBy), arity)).toEqual(groupValues(event, groupBy));
      }
    }
  });

  it('reads escapes a value holds literally, and gives the overflow key the marker in every column', () => {
    expect(groupOfKey(groupKeyOf({ u: '\u0001' + '0' }, ['u']), 1)).toEqual(['\u00010']);
    expect(groupOfKey(groupKeyOf({ u: 'a\u0000b', c: '\u0001' }, ['u', 'c']), 2)).toEqual(['a\u0000b', '\u0001']);
    expect(groupOfKey(OVERFLOW_GROUP_KEY, 2)).toEqual([OVERFLOW_GROUP_VALUE, OVERFLOW_GROUP_VALUE]);
  });
});
