/** What became of one insert: in the store, or refused because of what the rows hold. */
export type InsertOutcome =
  | { readonly type: 'inserted' }
  /** The store blamed the data, not itself: retrying the same rows would repeat the refusal. */
  | { readonly type: 'refused'; readonly reason: string };

/** A row the store refused on its own, with the store's reason. */
export interface RefusedRow<T> {
  readonly row: T;
  readonly reason: string;
}

/**
 * Inserts `rows`, and when the store refuses them for their content, halves
 * the batch until each refused row stands alone: its neighbours land, and
 * only the refused rows come back. `onInserted` hears every batch that got in.
 */
export async function isolateRefused<T>(
  rows: readonly T[],
  insert: (rows: readonly T[]) => Promise<InsertOutcome>,
  onInserted: (rows: readonly T[]) => void = () => undefined,
): Promise<RefusedRow<T>[]> {
  if (rows.length === 0) return [];
  const outcome = await insert(rows);
  if (outcome.type === 'inserted') {
    onInserted(rows);
    return [];
  }
  if (rows.length === 1) return [{ row: rows[0] as T, reason: outcome.reason }];
  const middle = Math.ceil(rows.length / 2);
  return [...(await isolateRefused(rows.slice(0, middle), insert, onInserted)), ...(await isolateRefused(rows.slice(middle), insert, onInserted))];
}
