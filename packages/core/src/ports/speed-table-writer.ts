import type { ViewDefinition } from '../config/types';
import type { InsertOutcome } from './isolate-refused';

/** What became of one speed-table insert. */
export type SpeedInsertOutcome = InsertOutcome;

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
