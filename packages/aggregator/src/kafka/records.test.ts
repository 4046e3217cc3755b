import type { WindowResult } from '@sluice/core';
import { ResultPacker } from './records';

const result = (windowStart: number, group = 'u1'): WindowResult => ({
  view: 'v',
  windowStart,
  windowEnd: windowStart + 10_000,
  group: [group],
  partition: 7,
  version: 2 * windowStart + 1,
  final: true,
  retracted: false,
  states: { n: { kind: 'count', count: 1 } },
});

describe('ResultPacker', () => {
  it('packs the results of a source partition into JSON arrays, in order, in its results partition', () => {
    const packer = new ResultPacker('events', 7, 3);
    const results = Array.from({ length: 1_201 }, (_, index) => result(index));
    for (const item of results) packer.add(item);
    const records = packer.take();
    expect(records.map((record) => (JSON.parse(String(record.value)) as unknown[]).length)).toEqual([500, 500, 201]);
    expect(records.flatMap((record) => JSON.parse(String(record.value)) as WindowResult[])).toEqual(results);
    expect(new Set(records.map((record) => `${String(record.key)} -> ${String(record.partition)}`))).toEqual(new Set(['events|7 -> 1']));
  });

  it('starts a new record before one grows past its size bound', () => {
    const packer = new ResultPacker('events', 0, 1);
    const wide = 'x'.repeat(50_000);
    for (let index = 0; index < 5; index++) packer.add(result(index, wide));
    const records = packer.take();
    expect(records.length).toBeGreaterThan(1);
    for (const record of records) expect(String(record.value).length).toBeLessThanOrEqual(128 * 1024 + 2);
    expect(records.flatMap((record) => JSON.parse(String(record.value)) as unknown[])).toHaveLength(5);
  });

  it('makes no record when nothing changed', () => {
    expect(new ResultPacker('events', 0, 1).take()).toEqual([]);
  });
});
