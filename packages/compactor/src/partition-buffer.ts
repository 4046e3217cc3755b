import type { RawRow } from './raw-record';

/** Marks a partition that has landed no event yet. */
export const NO_EVENT_TIME = -8_640_000_000_000_000;

/** Records of one source partition waiting to land, and what is known of it. */
export class PartitionBuffer {
  rows: RawRow[] = [];
  /** First and last offset handled since the last flush (dead letters included). */
  firstOffset: string | undefined;
  lastOffset: string | undefined;

  /** Offsets below this have landed already (the progress table says so): a replay skips them. */
  skipBelow = -1n;
  /**
   * The last offset of a range that was being landed when the process died:
   * the replay lands exactly that range again, with the same insert token, so
   * ClickHouse drops whatever of it had arrived.
   */
  cutAt: bigint | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** Largest event time landed so far. */
    public maxEventTime: number,
  ) {}

  /** Notes a handled record; `row` is absent for a dead-lettered one. */
  add(offset: string, row?: RawRow): void {
    if (this.firstOffset === undefined) this.firstOffset = offset;
    this.lastOffset = offset;
    if (row) this.rows.push(row);
  }

  get pending(): boolean {
    return this.lastOffset !== undefined;
  }

  /** May this buffer land now? Not while it is replaying an interrupted range that it has not fully read again. */
  get ready(): boolean {
    return this.pending && (this.cutAt === undefined || BigInt(this.lastOffset as string) >= this.cutAt);
  }

  /** Hands the buffered range over for landing and starts an empty one. */
  take(): { rows: RawRow[]; firstOffset: string; lastOffset: string } | undefined {
    if (this.firstOffset === undefined || this.lastOffset === undefined) return undefined;
    if (!this.ready) return undefined;
    const taken = { rows: this.rows, firstOffset: this.firstOffset, lastOffset: this.lastOffset };
    this.cutAt = undefined;
    this.rows = [];
    this.firstOffset = undefined;
    this.lastOffset = undefined;
    return taken;
  }
}
