import type { ViewDefinition } from '../config/types';

/** What became of one insert: in the table, or refused because of what the rows hold. */
export type SpeedInsertOutcome =
  | { readonly type: 'inserted' }
  /** The store blamed the data, not itself: retrying the same rows would repeat the refusal. */
  | { readonly type: 'refused'; readonly reason: string };

/**
 * Where the serving sink puts speed rows: a view's speed table. An insert
 * is one batch; a batch sent again with the same rows lands once. A refusal
 * for the rows' content comes back as an outcome, so the caller can isolate
 * the refused rows (the sink halves the batch until it finds them); any other
 * failure rejects, with a SluiceError whose `retriable` flag says whether
 * trying again can help.
 */
export interface SpeedTableWriter {
  /** Inserts `rows`, each encoded by the sink's speed-row encoder in `speedTableColumns(view)` order. */
  insert(view: ViewDefinition, rows: readonly Uint8Array[]): Promise<SpeedInsertOutcome>;
}
