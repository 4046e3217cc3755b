// Up to this many buckets a store is two small arrays searched linearly:
// cheap to create and compact for the many (window, group) keys that see few
// values. Past it, one Float64Array covers the index range for O(1) adds.
const SPARSE_MAX = 32;
const NO_COUNTS = new Float64Array(0);

/**
 * Counts per integer bucket index. Starts sparse; turns dense (one
 * contiguous Float64Array that grows to cover the indexes seen) once it holds
 * more than 32 buckets. Values within 1% share a bucket, so 1 ms to 1 h spans
 * about 760 slots.
 */
export class BucketStore {
  private sparseIndexes: number[] | null = [];
  private sparseCounts: number[] = [];
  private counts: Float64Array = NO_COUNTS;
  /** Index held by counts[0]. */
  private offset = 0;
  private total = 0;

  /** The sum of all counts. */
  count(): number {
    return this.total;
  }

  add(index: number, count: number): void {
    this.total += count;
    const indexes = this.sparseIndexes;
    if (indexes === null) {
      let position = index - this.offset;
      if (position < 0 || position >= this.counts.length) position = this.cover(index);
      this.counts[position] = (this.counts[position] as number) + count;
      return;
    }
    const found = indexes.indexOf(index);
    if (found >= 0) {
      this.sparseCounts[found] = (this.sparseCounts[found] as number) + count;
      return;
    }
    indexes.push(index);
    this.sparseCounts.push(count);
    if (indexes.length > SPARSE_MAX) this.densify(indexes);
  }

  /** Visits the non-empty buckets, index ascending. */
  forEachAscending(visit: (index: number, count: number) => void): void {
    if (this.sparseIndexes !== null) {
      for (const position of this.sparseOrder()) visit(this.sparseIndexes[position] as number, this.sparseCounts[position] as number);
      return;
    }
    for (let position = 0; position < this.counts.length; position++) {
      const count = this.counts[position] as number;
      if (count !== 0) visit(position + this.offset, count);
    }
  }

  /** Visits the non-empty buckets, index descending. */
  forEachDescending(visit: (index: number, count: number) => void): void {
    if (this.sparseIndexes !== null) {
      for (const position of this.sparseOrder().reverse()) visit(this.sparseIndexes[position] as number, this.sparseCounts[position] as number);
      return;
    }
    for (let position = this.counts.length - 1; position >= 0; position--) {
      const count = this.counts[position] as number;
      if (count !== 0) visit(position + this.offset, count);
    }
  }

  private sparseOrder(): number[] {
    const indexes = this.sparseIndexes as number[];
    return indexes.map((_, position) => position).sort((a, b) => (indexes[a] as number) - (indexes[b] as number));
  }

  private densify(indexes: number[]): void {
    const low = Math.min(...indexes);
    const high = Math.max(...indexes);
    this.counts = new Float64Array(high - low + 1 + SPARSE_MAX);
    this.offset = low - SPARSE_MAX / 2;
    for (let i = 0; i < indexes.length; i++) {
      const position = (indexes[i] as number) - this.offset;
      this.counts[position] = (this.counts[position] as number) + (this.sparseCounts[i] as number);
    }
    this.sparseIndexes = null;
    this.sparseCounts = [];
  }

  // Grows the array (at least doubling, with room on the side it grew) so that `index` fits.
  private cover(index: number): number {
    const length = this.counts.length;
    const low = Math.min(index, this.offset);
    const high = Math.max(index, this.offset + length - 1);
    const grown = Math.max(high - low + 1, length * 2);
    const offset = index < this.offset ? high - grown + 1 : low;
    const counts = new Float64Array(grown);
    counts.set(this.counts, this.offset - offset);
    this.counts = counts;
    this.offset = offset;
    return index - offset;
  }
}
