/** Where a record came from, to commit past it and to dead-letter it. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** One encoded speed-table row (RowBinary), the record it came from, and its place among that record's rows. */
export interface PendingRow {
  readonly bytes: Buffer;
  readonly origin: RecordOrigin;
  readonly row?: number;
}

/** A record, or one row of it (`row`, its place in the record), that cannot be written, and why. */
export interface RejectedRecord {
  readonly origin: RecordOrigin;
  readonly reason: string;
  readonly row?: number;
}

/** Offsets to commit once the batch is in ClickHouse: the next offset per topic-partition. */
export type CommitPoints = ReadonlyMap<string, { readonly topic: string; readonly partition: number; readonly offset: string }>;

export interface BatchLimits {
  readonly maxRows: number;
  readonly maxAgeMs: number;
}

/**
 * The rows read since the last flush, grouped by view, and how far each
 * partition has been read. Full when it holds `maxRows` rows or its oldest
 * record waited `maxAgeMs`; the clock is a parameter so tests run on virtual time.
 */
export class PendingBatch {
  readonly rowsByView = new Map<string, PendingRow[]>();
  readonly rejected: RejectedRecord[] = [];
  private readonly commitPoints = new Map<string, { topic: string; partition: number; offset: string }>();
  private rowCount = 0;
  private openedAt: number | undefined;

  constructor(private readonly limits: BatchLimits) {}

  /** Adds an encoded row of `view`. */
  addRow(view: string, row: PendingRow, now: number): void {
    let rows = this.rowsByView.get(view);
    if (!rows) {
      rows = [];
      this.rowsByView.set(view, rows);
    }
    rows.push(row);
    this.rowCount += 1;
    this.advance(row.origin, now);
  }

  /** Adds a record that goes to the dead-letter topic instead of ClickHouse. */
  reject(record: RejectedRecord, now: number): void {
    this.rejected.push(record);
    this.advance(record.origin, now);
  }

  get rows(): number {
    return this.rowCount;
  }

  get isEmpty(): boolean {
    return this.openedAt === undefined;
  }

  /** True when the batch should be written now. */
  isDue(now: number): boolean {
    if (this.openedAt === undefined) return false;
    return this.rowCount >= this.limits.maxRows || now - this.openedAt >= this.limits.maxAgeMs;
  }

  /** The offsets to commit after this batch is written. */
  commits(): CommitPoints {
    return this.commitPoints;
  }

  private advance(origin: RecordOrigin, now: number): void {
    this.openedAt ??= now;
    const key = `${origin.topic}:${origin.partition}`;
    const next = (BigInt(origin.offset) + 1n).toString();
    const known = this.commitPoints.get(key);
    if (!known || BigInt(known.offset) < BigInt(next)) this.commitPoints.set(key, { topic: origin.topic, partition: origin.partition, offset: next });
  }
}
