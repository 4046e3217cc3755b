import { BucketStore } from './bucket-store';
import { DDSKETCH_KEY_OFFSET, magnitudeIndex, valueOfKey } from './ddsketch-mapping';

/**
 * A DDSketch with 1% relative accuracy: counts of values per logarithmic
 * bucket, kept as positive magnitudes, negative magnitudes and zeros.
 * Merging adds bucket counts, which is exact, associative and commutative.
 */
export class DDSketch {
  private readonly positives = new BucketStore();
  // Most measured quantities are never negative: no store until one is.
  private negativeStore: BucketStore | null = null;
  private zeros = 0;

  /** Folds in one finite value. */
  add(value: number): void {
    if (value > 0) this.positives.add(magnitudeIndex(value), 1);
    else if (value < 0) this.negatives().add(magnitudeIndex(-value), 1);
    else this.zeros++;
  }

  /** Adds `count` to the bucket with signed key `key` (see keyOf). */
  addKey(key: number, count: number): void {
    if (key > 0) this.positives.add(key - DDSKETCH_KEY_OFFSET, count);
    else if (key < 0) this.negatives().add(-key - DDSKETCH_KEY_OFFSET, count);
    else this.zeros += count;
  }

  /** Folds another sketch into this one; `other` is left as it was. */
  merge(other: DDSketch): this {
    other.forEachKey((key, count) => this.addKey(key, count));
    return this;
  }

  /** The number of values folded in. */
  count(): number {
    return this.positives.count() + (this.negativeStore?.count() ?? 0) + this.zeros;
  }

  /** Visits the non-empty buckets by signed key ascending, that is by value ascending. */
  forEachKey(visit: (key: number, count: number) => void): void {
    this.negativeStore?.forEachDescending((index, count) => visit(-(index + DDSKETCH_KEY_OFFSET), count));
    if (this.zeros !== 0) visit(0, this.zeros);
    this.positives.forEachAscending((index, count) => visit(index + DDSKETCH_KEY_OFFSET, count));
  }

  private negatives(): BucketStore {
    return (this.negativeStore ??= new BucketStore());
  }

  /** Keys ascending and their counts: the wire form. */
  toBuckets(): { keys: number[]; counts: number[] } {
    const keys: number[] = [];
    const counts: number[] = [];
    this.forEachKey((key, count) => {
      keys.push(key);
      counts.push(count);
    });
    return { keys, counts };
  }

  /**
   * The value at level q: the bucket value of the element of 0-based rank
   * floor(q * n), clamped to n - 1 (how ClickHouse's quantileExact picks its
   * element). Null when empty.
   */
  quantile(q: number): number | null {
    return quantileOfBuckets(q, this.toBuckets());
  }
}

/** The rank walk over keys ascending and counts; shared by the sketch and tests of the SQL twin. */
export function quantileOfBuckets(q: number, buckets: { readonly keys: readonly number[]; readonly counts: readonly number[] }): number | null {
  let total = 0;
  for (const count of buckets.counts) total += count;
  if (total === 0) return null;
  const rank = Math.min(Math.floor(q * total), total - 1);
  let seen = 0;
  for (let i = 0; i < buckets.keys.length; i++) {
    seen += buckets.counts[i] as number;
    if (seen > rank) return valueOfKey(buckets.keys[i] as number);
  }
  return valueOfKey(buckets.keys[buckets.keys.length - 1] as number);
}

