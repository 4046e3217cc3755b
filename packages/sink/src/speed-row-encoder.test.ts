import type { ViewDefinition, WindowResult } from '@sluice/core';
import { createSpeedRowEncoder } from './speed-row-encoder';

const view: ViewDefinition = {
  name: 'v',
  source: 'events',
  where: {},
  window: { type: 'tumbling', sizeMs: 60_000 },
  latenessMs: 0,
  groupBy: ['page'],
  measures: [
    { name: 'n', kind: 'count' },
    { name: 'low', kind: 'min', field: 'x' },
    { name: 'mean', kind: 'avg', field: 'x' },
    { name: 'p', kind: 'quantile', field: 'x', q: 0.5 },
  ],
  periodMs: 3_600_000,
  maxGroupsPerWindow: 100_000,
};

const result: WindowResult = {
  view: 'v',
  windowStart: 1_700_000_000_007,
  windowEnd: 1_700_000_060_007,
  group: ['é'],
  partition: 2,
  version: 2 ** 40 + 3,
  final: true,
  retracted: false,
  states: {
    n: { kind: 'count', count: 3 },
    low: { kind: 'min', value: null },
    mean: { kind: 'avg', sum: 1.5, count: 3 },
    p: { kind: 'quantile', keys: [-3, 7], counts: [1, 2] },
  },
};

/** The expected bytes, built field by field with Node's own little-endian writers. */
function expectedRow(retracted: number): Buffer {
  const int64 = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(value));
    return bytes;
  };
  const int16s = (values: number[]) => Buffer.concat(values.map((value) => Buffer.from(new Int16Array([value]).buffer)));
  const float = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleLE(value);
    return bytes;
  };
  return Buffer.concat([
    int64(1_700_000_000_007),
    int64(1_700_000_060_007),
    Buffer.from([2, 0xc3, 0xa9]),
    Buffer.from([2, 0]),
    int64(2 ** 40 + 3),
    Buffer.from([retracted, 1]),
    int64(3),
    Buffer.from([1]),
    float(1.5),
    int64(3),
    Buffer.from([2]),
    int16s([-3, 7]),
    Buffer.from([2]),
    int64(1),
    int64(2),
  ]);
}

describe('createSpeedRowEncoder', () => {
  it('lists the speed-table columns in write order', () => {
    expect(createSpeedRowEncoder(view).columns).toEqual([
      'window_start', 'window_end', 'page', 'partition', 'version', 'is_deleted', 'final',
      'n__count', 'low__min', 'mean__sum', 'mean__count', 'p__keys', 'p__counts',
    ]);
  });

  it('writes one RowBinary row: LEB128 lengths, little-endian numbers, a null flag for NULL', () => {
    expect(createSpeedRowEncoder(view).encode(result)).toEqual(expectedRow(0));
  });

  it('marks a retracted result as deleted, and rows do not share memory', () => {
    const encoder = createSpeedRowEncoder(view);
    const first = encoder.encode(result);
    const second = encoder.encode({ ...result, retracted: true });
    expect(first).toEqual(expectedRow(0));
    expect(second).toEqual(expectedRow(1));
  });
});
