/** One expected output row of a view: a window, a group and its measure values. */
export interface TruthRow {
  /** Window start, epoch ms UTC (inclusive). */
  readonly windowStart: number;
  /** Window end, epoch ms UTC (exclusive; for sessions the last event + gap). */
  readonly windowEnd: number;
  /** Group values in the view's groupBy order, stringified. */
  readonly group: string[];
  /** Measure name to value; null where no event had a number (min, max, avg, quantile). */
  readonly measures: Record<string, number | null>;
}

/** Expected rows of one view, as the batch layer and as the speed layer must produce them. */
export interface TruthView {
  /** Batch truth: every distinct event id once, late events included. */
  readonly rows: TruthRow[];
  /** Speed truth: every record sent (duplicates twice) except the designated-late ones. */
  readonly speedRows: TruthRow[];
}

/** What `sluice loadgen --truth FILE` writes. */
export interface TruthFile {
  /** Records sent, duplicates included. */
  readonly events: number;
  readonly distinctEvents: number;
  /** Event ids sent after their windows closed for every view. */
  readonly lateEventIds: string[];
  readonly views: Record<string, TruthView>;
}
