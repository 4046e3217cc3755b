/**
 * A growable buffer that writes values in ClickHouse's RowBinary layout:
 * little-endian fixed-width numbers, LEB128 lengths before strings and
 * arrays, a null flag byte before Nullable values. RowBinary is the format
 * the engine parses fastest (bench/sink), and the client sends it as bytes
 * to both the embedded engine and a server.
 */
export class RowBinaryWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes = 4_096) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts a new row, reusing the memory. */
  reset(): void {
    this.length = 0;
  }

  /** A copy of what was written since the last reset. */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }

  uint8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  uint16(value: number): void {
    this.reserve(2);
    this.length = this.buffer.writeUInt16LE(value, this.length);
  }

  int16(value: number): void {
    this.reserve(2);
    this.length = this.buffer.writeInt16LE(value, this.length);
  }

  /** A UInt64 from a non-negative safe integer, written as two 32-bit halves to avoid BigInt. */
  uint64(value: number): void {
    this.reserve(8);
    this.buffer.writeUInt32LE(value % 0x1_0000_0000, this.length);
    this.buffer.writeUInt32LE(Math.floor(value / 0x1_0000_0000), this.length + 4);
    this.length += 8;
  }

  /** DateTime64(3) is an Int64 count of milliseconds; epoch ms are non-negative here. */
  dateTime64Millis(epochMs: number): void {
    this.uint64(epochMs);
  }

  float64(value: number): void {
    this.reserve(8);
    this.length = this.buffer.writeDoubleLE(value, this.length);
  }

  nullableFloat64(value: number | null): void {
    if (value === null) {
      this.uint8(1);
      return;
    }
    this.uint8(0);
    this.float64(value);
  }

  string(value: string): void {
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varUInt(bytes);
    this.reserve(bytes);
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  /** An Array of a fixed-width type: its length, then each element. */
  array(values: readonly number[], element: (value: number) => void): void {
    this.varUInt(values.length);
    for (const value of values) element(value);
  }

  /** Unsigned LEB128, the length prefix of strings and arrays. */
  varUInt(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.uint8((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.uint8(rest);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
