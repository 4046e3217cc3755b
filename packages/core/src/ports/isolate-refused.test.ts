import { isolateRefused, type InsertOutcome } from './isolate-refused';

/** An in-memory store that refuses every batch holding one of `poisoned`. */
function storeRefusing(poisoned: ReadonlySet<number>) {
  const landed: number[] = [];
  const insert = async (rows: readonly number[]): Promise<InsertOutcome> => {
    const bad = rows.find((row) => poisoned.has(row));
    if (bad !== undefined) return { type: 'refused', reason: `row ${bad} cannot be held` };
    landed.push(...rows);
    return { type: 'inserted' };
  };
  return { landed, insert };
}

describe('isolateRefused', () => {
  it('lands every neighbour of the refused rows and returns each refused row with its reason', async () => {
    const rows = Array.from({ length: 11 }, (_, i) => i);
    const store = storeRefusing(new Set([3, 4, 10]));
    const refused = await isolateRefused(rows, store.insert);
    expect(refused).toEqual([
      { row: 3, reason: 'row 3 cannot be held' },
      { row: 4, reason: 'row 4 cannot be held' },
      { row: 10, reason: 'row 10 cannot be held' },
    ]);
    expect([...store.landed].sort((a, b) => a - b)).toEqual([0, 1, 2, 5, 6, 7, 8, 9]);
  });

  it('inserts a clean batch once and reports it', async () => {
    const store = storeRefusing(new Set());
    const inserted: number[][] = [];
    expect(await isolateRefused([1, 2, 3], store.insert, (rows) => inserted.push([...rows]))).toEqual([]);
    expect(inserted).toEqual([[1, 2, 3]]);
  });

  it('returns a lone refused row without inserting anything', async () => {
    const store = storeRefusing(new Set([7]));
    expect(await isolateRefused([7], store.insert)).toEqual([{ row: 7, reason: 'row 7 cannot be held' }]);
    expect(store.landed).toEqual([]);
  });
});
