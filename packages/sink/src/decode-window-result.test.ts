import type { ViewDefinition } from '@sluice/core';
import { decodeResultRows, decodeWindowResults } from './decode-window-result';

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
  maxGroupsPerWindow: 100_000,
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

  it('refuses the one bad result of an array alone, naming it', () => {
    const next = { ...valid, windowStart: 120_000, windowEnd: 180_000, version: 43 };
    expect(decodeResultRows(encode([valid, { ...valid, partition: -1 }, next]), views)).toEqual([
      { ok: true, result: valid },
      { ok: false, reason: expect.stringMatching(/^results\[1\]\.partition must be an integer/) },
      { ok: true, result: next },
    ]);
  });

  it('as a whole, refuses a record with any bad result, naming it', () => {
    expect(() => decodeWindowResults(encode([valid, { ...valid, partition: -1 }]), views)).toThrow(/^results\[1\]\.partition must be an integer/);
    expect(() => decodeWindowResults(encode([]), views)).toThrow('empty array');
  });

  describe('a ResultPack', () => {
    const pack = (rows: unknown[][], extra: Record<string, unknown> = {}) => encode({ view: 'v', partition: 3, measures: ['views', 'users'], rows, ...extra });
    const row = [60_000, 120_000, ['/home'], 42, 0, 2, [5, 900], [1, 3]];

    it('unpacks updates, finals and retractions, in order', () => {
      const final = [120_000, 180_000, ['/home'], 45, 1, 1, [7], [2]];
      const retraction = [180_000, 240_000, ['/a'], 47, 2, 0, [], []];
      expect(decodeWindowResults(pack([row, final, retraction]), views)).toEqual([
        valid,
        { ...valid, windowStart: 120_000, windowEnd: 180_000, version: 45, final: true, states: { views: { kind: 'count', count: 1 }, users: { kind: 'uniq', registers: [7], ranks: [2] } } },
        { ...valid, windowStart: 180_000, windowEnd: 240_000, group: ['/a'], version: 47, final: true, retracted: true, states: { views: { kind: 'count', count: 0 }, users: { kind: 'uniq', registers: [], ranks: [] } } },
      ]);
    });

    it('refuses a bad row alone, saying which and why, and keeps the good rows around it', () => {
      const negative = [-60_000, 0, ['/old'], 43, 0, 1, [], []];
      const short = row.slice(0, 7);
      const final = [120_000, 180_000, ['/home'], 45, 1, 1, [7], [2]];
      expect(decodeResultRows(pack([row, negative, final, short]), views)).toEqual([
        { ok: true, result: valid },
        { ok: false, reason: 'rows[1]: windowStart must be an integer from 0 to 9007199254740991, got -60000' },
        { ok: true, result: expect.objectContaining({ windowStart: 120_000, final: true }) },
        { ok: false, reason: 'rows[3] must be an array of 8 values for view v' },
      ]);
    });

    it.each([
      ['other measures', pack([row], { measures: ['users', 'views'] }), 'are not view v\'s ["views","users"]'],
      ['no rows', pack([]), 'rows must be a non-empty array'],
      ['a short row', pack([row, row.slice(0, 7)]), 'rows[1] must be an array of 8 values'],
      ['an unknown kind', pack([[...row.slice(0, 4), 3, ...row.slice(5)]]), 'rows[0][4] (kind) must be one of 0, 1, 2, got 3'],
      ['a bad state', pack([[...row.slice(0, 5), -1, ...row.slice(6)]]), 'rows[0]: states.views.count must be an integer'],
      ['an unknown view', pack([row], { view: 'nope' }), 'view nope is not defined'],
    ])('refuses %s as a whole, saying why', (_name, value, reason) => {
      expect(() => decodeWindowResults(value, views)).toThrow(reason);
    });
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
