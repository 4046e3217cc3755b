import type { Message } from 'kafkajs';
import { RESULT_ROW_TOO_LARGE_REASON, unpackRow, type PackedRow, type ResultPack } from '@sluice/core';
import { testView } from '../engine/test-views';
import { oversizedRowMessage } from './oversized-row';
import { RECORD_OVERHEAD_BYTES, requestBudget } from './record-size-limit';
import { ResultPacker } from './records';

const view = testView({ type: 'tumbling', sizeMs: 10_000 });
const other = testView({ type: 'tumbling', sizeMs: 60_000 }, { name: 'w' });
const row = (windowStart: number, group = 'u1'): PackedRow => [windowStart, windowStart + 10_000, [group], 2 * windowStart + 1, 1, 1, 2.5];
const packOf = (value: unknown): ResultPack => JSON.parse(String(value)) as ResultPack;

describe('ResultPacker', () => {
  it('packs the rows of a source partition per view, in order, in its results partition', () => {
    const packer = new ResultPacker('events', 7, 3);
    const rows = Array.from({ length: 1_201 }, (_, index) => row(index));
    for (const item of rows) packer.add(view, item);
    packer.add(other, row(5));
    const records = packer.take();
    const packs = records.map((record) => packOf(record.value));
    expect(packs.map((pack) => [pack.view, pack.rows.length])).toEqual([['v', 500], ['v', 500], ['v', 201], ['w', 1]]);
    expect(packs.filter((pack) => pack.view === 'v').flatMap((pack) => pack.rows)).toEqual(rows);
    expect(new Set(packs.map((pack) => `${pack.partition} ${JSON.stringify(pack.measures)}`))).toEqual(new Set(['7 ["events","amount"]']));
    expect(new Set(records.map((record) => `${String(record.key)} -> ${String(record.partition)}`))).toEqual(new Set(['events|7 -> 1']));
  });

  it('writes rows that unpack into the results they stand for', () => {
    const packer = new ResultPacker('events', 2, 1);
    packer.add(view, row(20_000, 'ü"\\'));
    const [pack] = packer.take().map((record) => packOf(record.value));
    expect(unpackRow(view, pack!.partition, pack!.rows[0]!)).toEqual({
      view: 'v',
      windowStart: 20_000,
      windowEnd: 30_000,
      group: ['ü"\\'],
      partition: 2,
      version: 40_001,
      final: true,
      retracted: false,
      states: { events: { kind: 'count', count: 1 }, amount: { kind: 'sum', sum: 2.5 } },
    });
  });

  it('starts a new record before one grows past its size bound', () => {
    const packer = new ResultPacker('events', 0, 1);
    const wide = 'x'.repeat(50_000);
    for (let index = 0; index < 5; index++) packer.add(view, row(index, wide));
    const records = packer.take();
    expect(records.length).toBeGreaterThan(1);
    for (const record of records) expect(String(record.value).length).toBeLessThanOrEqual(128 * 1024 + 200);
    expect(records.flatMap((record) => packOf(record.value).rows)).toHaveLength(5);
  });

  it('makes no record when nothing changed', () => {
    expect(new ResultPacker('events', 0, 1).take()).toEqual([]);
  });
});

describe('ResultPacker below a record size limit', () => {
  const limit = 16 * 1024;
  const manyRows = () => Array.from({ length: 2_000 }, (_, index) => row(index, `user-${index}-ü`));

  it('keeps every record, with its key and framing, below the limit, in order, and cuts alike for the same rows', () => {
    const pack = (): Message[] => {
      const packer = new ResultPacker('events', 3, 4, limit);
      for (const item of manyRows()) packer.add(view, item);
      return packer.take();
    };
    const records = pack();
    expect(records.length).toBeGreaterThan(4);
    for (const record of records) {
      expect(Buffer.byteLength(String(record.key)) + (record.value as Buffer).length + RECORD_OVERHEAD_BYTES).toBeLessThanOrEqual(requestBudget(limit));
    }
    expect(records.flatMap((record) => packOf(record.value).rows)).toEqual(manyRows());
    expect(pack().map((record) => String(record.value))).toEqual(records.map((record) => String(record.value)));
  });

  it('sets aside a row that alone would not fit, and packs the rows around it', () => {
    const packer = new ResultPacker('events', 3, 4, limit);
    packer.add(view, row(1));
    packer.add(view, row(2, 'x'.repeat(limit)));
    packer.add(view, row(3));
    expect(packer.take().flatMap((record) => packOf(record.value).rows)).toEqual([row(1), row(3)]);
    const [oversized] = packer.oversized();
    expect(oversized!.row).toEqual(row(2, 'x'.repeat(limit)));
    expect(oversized!.bytes).toBeGreaterThan(limit);

    const dead = oversizedRowMessage({ topic: 'events', partition: 3, limitBytes: limit }, oversized!);
    expect(dead.headers).toMatchObject({
      'sluice-reason': RESULT_ROW_TOO_LARGE_REASON,
      'sluice-topic': 'events',
      'sluice-partition': '3',
      'sluice-offset': '2',
      'sluice-view': 'v',
      'sluice-window-start': '2',
      'sluice-window-end': '10002',
    });
    const group = JSON.parse(String(dead.headers!['sluice-group'])) as string[];
    expect(group[0]!.length).toBeLessThan(300);
    expect(JSON.parse(String(dead.value))).toMatchObject({ view: 'v', windowStart: 2, version: 5, kind: 'final', limitBytes: limit });
    expect(Buffer.byteLength(String(dead.value))).toBeLessThan(1_024);
  });
});
