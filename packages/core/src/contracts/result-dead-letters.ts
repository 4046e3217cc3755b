/**
 * A result row the aggregator could not write: larger by itself than the
 * results topic takes in one record. Its dead letter carries the reason and
 * origin headers of every dead letter (DEAD_LETTER_HEADERS, the offset being
 * the last source offset folded into the row) plus these, so an operator
 * sees which window and group it was without reading the value.
 */
export const RESULT_ROW_TOO_LARGE_REASON = 'result_row_too_large';

/** Headers naming the row of a `result_row_too_large` dead letter. */
export const RESULT_ROW_HEADERS = {
  view: 'sluice-view',
  windowStart: 'sluice-window-start',
  windowEnd: 'sluice-window-end',
  /** JSON array of the group values, each cut to a bounded length. */
  group: 'sluice-group',
} as const;
