/**
 * The value of a results record narrowed to one of its rows: a ResultPack
 * (or a legacy array of results) holding only `row`, so the dead letter of a
 * bad row carries that row alone, in the shape the sink reads. A value that
 * is not such a container is returned as it is.
 */
export function resultRowValue(value: Buffer | null, row: number): Buffer | null {
  if (value === null) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    // Rows are only ever refused out of a record that parsed: an unparsable value is dead-lettered whole.
    return value;
  }
  if (Array.isArray(parsed)) return row < parsed.length ? Buffer.from(JSON.stringify([parsed[row]])) : value;
  if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { rows?: unknown }).rows)) {
    const pack = parsed as { rows: unknown[] };
    return row < pack.rows.length ? Buffer.from(JSON.stringify({ ...pack, rows: [pack.rows[row]] })) : value;
  }
  return value;
}
