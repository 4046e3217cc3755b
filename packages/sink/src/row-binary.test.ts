import { RowBinaryWriter } from './row-binary';

describe('RowBinaryWriter', () => {
  it('writes LEB128 lengths', () => {
    const writer = new RowBinaryWriter(1);
    writer.varUInt(0);
    writer.varUInt(127);
    writer.varUInt(300);
    expect([...writer.toBuffer()]).toEqual([0x00, 0x7f, 0xac, 0x02]);
  });

  it('writes UInt64 past 32 bits without BigInt, and grows as needed', () => {
    const writer = new RowBinaryWriter(2);
    writer.uint64(Number.MAX_SAFE_INTEGER);
    writer.string('ab');
    const bytes = writer.toBuffer();
    expect(bytes.readBigUInt64LE(0)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    expect([...bytes.subarray(8)]).toEqual([2, 0x61, 0x62]);
  });

  it('writes a Nullable as a null flag, then the value when there is one', () => {
    const writer = new RowBinaryWriter();
    writer.nullableFloat64(null);
    writer.nullableFloat64(0.5);
    const bytes = writer.toBuffer();
    expect(bytes[0]).toBe(1);
    expect(bytes[1]).toBe(0);
    expect(bytes.readDoubleLE(2)).toBe(0.5);
  });
});
