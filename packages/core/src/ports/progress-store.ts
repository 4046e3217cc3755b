/**
 * What the progress store records of one source partition: how far the raw
 * store has landed (every offset below nextOffset), the range being landed
 * right now (nextOffset .. pendingLast, or pendingLast -1), and how far event time got.
 */
export interface PartitionProgress {
  readonly partition: number;
  readonly nextOffset: string;
  readonly pendingLast: string;
  /** Largest landed event time (epoch ms). */
  readonly maxEventTime: number;
  /** When a record of the partition last landed (epoch ms). */
  readonly lastRecordAt: number;
  /** Strictly increasing per writer: of two records of a partition the higher version wins. */
  readonly version: number;
}

/** One period recorded final: the generation of batch rows that serves it. */
export interface FinalPeriods {
  readonly periods: readonly number[];
  readonly generation: number;
  readonly finalizedAt: number;
}

/**
 * The batch layer's own state, kept beside the data it describes so that a
 * restart, or another instance, reads exactly what was landed and decided:
 * per source partition what has landed; per view how far periods are final,
 * which generation serves each final period, and which final periods late
 * events made dirty. Periods are named by their start (epoch ms).
 */
export interface ProgressStore {
  /** The latest record of every partition of a source that has one. */
  partitions(source: string): Promise<PartitionProgress[]>;
  recordPartitions(source: string, progress: readonly PartitionProgress[]): Promise<void>;
  /**
   * The largest landed event time over a source's partitions. With none landed a store may answer
   * undefined or 0 (ClickHouse's max of no rows): both lie before any period the batch layer closes.
   */
  maxLandedEventTime(source: string): Promise<number | undefined>;

  /** Every period before this has been made final by the regular cycle; undefined before the first. */
  closedThrough(view: string): Promise<number | undefined>;
  recordClosedThrough(view: string, through: number): Promise<void>;

  /** The newest generation recorded for any period of a view; 0 when none. */
  latestGeneration(view: string): Promise<number>;
  /** Records periods as served by `generation`: the atomic switch from speed to batch rows. */
  recordFinal(view: string, final: FinalPeriods): Promise<void>;
  /** Those of `periods` that are final. */
  finalAmong(view: string, periods: readonly number[]): Promise<number[]>;

  /** Dirty periods of a view, oldest first. */
  dirtyPeriods(view: string): Promise<number[]>;
  /** Marks periods dirty as of `at`. */
  markDirty(view: string, periods: readonly number[], at: number): Promise<void>;
  /** Clears marks as of `asOf`: a mark made at or after `asOf` survives, so no late event is missed. */
  clearDirty(view: string, periods: readonly number[], asOf: number): Promise<void>;
}
