import type { ViewDefinition } from '@sluice/core';
import { decodeWindowResults } from './decode-window-result';

const view: ViewDefinition = {
  name: 'v',
  source: 'events',
  where: {},
  window: { type: 'tumbling', sizeMs: 60_000 },
  latenessMs: 0,
  groupBy: ['page'],
  measures: [
    { name: 'views', kind: 'count' },
    { name: 'users', kind: 'uniq', field: 'user_id' },
  ],
  periodMs: 3_600_000,
};
const views = new Map([[view.name, view]]);
const valid = {
  view: 'v',
  windowStart: 60_000,
  windowEnd: 120_000,
  group: ['/home'],
  partition: 3,
  version: 42,
  final: false,
  retracted: false,
  states: { views: { kind: 'count', count: 2 }, users: { kind: 'uniq', registers: [5, 900], ranks: [1, 3] } },
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeWindowResults', () => {
  it('accepts a result that matches its view', () => {
    expect(decodeWindowResults(encode(valid), views)).toEqual([valid]);
  });

  it('accepts a packed array of results, in order', () => {
    const next = { ...valid, windowStart: 120_000, windowEnd: 180_000, version: 43 };
    expect(decodeWindowResults(encode([valid, next]), views)).toEqual([valid, next]);
  });

  it('refuses a pack with one bad result as a whole, naming it', () => {
    expect(() => decodeWindowResults(encode([valid, { ...valid, partition: -1 }]), views)).toThrow(/^results\[1\]\.partition must be an integer/);
    expect(() => decodeWindowResults(encode([]), views)).toThrow('empty array');
  });

  it.each([
    ['not JSON', Buffer.from('{oops'), 'value is not JSON'],
    ['an unknown view', encode({ ...valid, view: 'nope' }), 'view nope is not defined'],
    ['a short group', encode({ ...valid, group: [] }), 'group must be 1 strings (page)'],
    ['a wrong measure kind', encode({ ...valid, states: { ...valid.states, views: { kind: 'sum', sum: 1 } } }), 'states.views.kind must be count'],
    ['a missing measure', encode({ ...valid, states: { views: valid.states.views } }), 'states.users must be an object'],
    ['registers out of range', encode({ ...valid, states: { ...valid.states, users: { kind: 'uniq', registers: [20_000], ranks: [1] } } }), 'states.users.registers[0] must be an integer from 0 to 16383'],
    ['unsorted registers', encode({ ...valid, states: { ...valid.states, users: { kind: 'uniq', registers: [9, 2], ranks: [1, 1] } } }), 'strictly ascending'],
    ['a negative partition', encode({ ...valid, partition: -1 }), 'partition must be an integer'],
    ['an empty window', encode({ ...valid, windowEnd: 60_000 }), 'windowEnd must be an integer'],
  ])('refuses %s, saying why', (_name, value, reason) => {
    expect(() => decodeWindowResults(value, views)).toThrow(reason);
  });

  it('refuses an empty value', () => {
    expect(() => decodeWindowResults(null, views)).toThrow('empty record value');
  });
});
