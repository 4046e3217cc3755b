import { HLL_MAX_RANK, HLL_PRECISION, HLL_REGISTERS, hllEstimate } from './hll-estimate';

const RANK_BITS = 5;
const RANK_MASK = (1 << RANK_BITS) - 1;
const FIRST_CAPACITY = 16;
// A sparse table of `capacity` 4-byte slots; past this many slots a dense register array is smaller.
const DENSE_SLOTS = HLL_REGISTERS / 4;
const INVERSE_POWERS = Array.from({ length: HLL_MAX_RANK + 1 }, (_, rank) => 2 ** -rank);

/**
 * A HyperLogLog sketch (precision 14) over 32-bit hashes. It starts sparse,
 * an open-addressing table of (register << 5 | rank) slots kept at most half
 * full, because most (window, group) keys see few distinct values; it turns
 * into a dense byte per register once that is smaller. Merging takes the
 * register maximum, which is exact, associative and commutative.
 */
export class HyperLogLog {
  private slots: Int32Array | null = new Int32Array(FIRST_CAPACITY);
  private used = 0;
  private registers: Uint8Array | null = null;

  /** Folds in one 32-bit hash: the top 14 bits pick the register, the rest give the rank. */
  addHash(hash: number): void {
    const index = hash >>> (32 - HLL_PRECISION);
    const rest = hash << HLL_PRECISION;
    this.raise(index, rest === 0 ? HLL_MAX_RANK : Math.clz32(rest) + 1);
  }

  /** Sets register `index` to `rank` unless it already holds more. */
  raise(index: number, rank: number): void {
    if (this.registers !== null) {
      if (rank > (this.registers[index] as number)) this.registers[index] = rank;
      return;
    }
    const slots = this.slots as Int32Array;
    const mask = slots.length - 1;
    for (let slot = (Math.imul(index, 0x9e3779b1) >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot] as number;
      if (entry === 0) {
        slots[slot] = (index << RANK_BITS) | rank;
        if (++this.used * 2 > slots.length) this.grow();
        return;
      }
      if (entry >>> RANK_BITS === index) {
        if (rank > (entry & RANK_MASK)) slots[slot] = (index << RANK_BITS) | rank;
        return;
      }
    }
  }

  /** Folds another sketch into this one (register maximum); `other` is left as it was. */
  merge(other: HyperLogLog): this {
    other.forEachRegister((index, rank) => this.raise(index, rank));
    return this;
  }

  /** Visits the non-zero registers, in no particular order. */
  forEachRegister(visit: (index: number, rank: number) => void): void {
    if (this.registers !== null) {
      for (let index = 0; index < HLL_REGISTERS; index++) {
        const rank = this.registers[index] as number;
        if (rank !== 0) visit(index, rank);
      }
      return;
    }
    for (const entry of this.slots as Int32Array) if (entry !== 0) visit(entry >>> RANK_BITS, entry & RANK_MASK);
  }

  /** The non-zero registers ascending with their ranks: the wire form. */
  toRegisters(): { registers: number[]; ranks: number[] } {
    const pairs: number[] = [];
    this.forEachRegister((index, rank) => pairs.push((index << RANK_BITS) | rank));
    pairs.sort((a, b) => a - b);
    return { registers: pairs.map((pair) => pair >>> RANK_BITS), ranks: pairs.map((pair) => pair & RANK_MASK) };
  }

  /** The estimated number of distinct hashes folded in, rounded to an integer. */
  estimate(): number {
    let nonZero = 0;
    let inverseSum = 0;
    this.forEachRegister((_, rank) => {
      nonZero++;
      inverseSum += INVERSE_POWERS[rank] as number;
    });
    return hllEstimate(HLL_REGISTERS - nonZero, inverseSum);
  }

  /** True while the sketch is still in its sparse form. */
  isSparse(): boolean {
    return this.registers === null;
  }

  private grow(): void {
    const old = this.slots as Int32Array;
    if (old.length * 2 >= DENSE_SLOTS) {
      this.registers = new Uint8Array(HLL_REGISTERS);
      this.slots = null;
      for (const entry of old) if (entry !== 0) this.registers[entry >>> RANK_BITS] = entry & RANK_MASK;
      return;
    }
    this.slots = new Int32Array(old.length * 2);
    this.used = 0;
    for (const entry of old) if (entry !== 0) this.raise(entry >>> RANK_BITS, entry & RANK_MASK);
  }
}
