import { isolateRefused, type RawLanding, type RawRow, type RawStore, type RefusedRow } from '@sluice/core';

/** What became of the rows of one offset range: those in the raw table, and those ClickHouse refused, with why. */
export interface RangeLanded {
  readonly landed: readonly RawRow[];
  readonly refused: readonly RefusedRow<RawRow>[];
}

/**
 * Lands one offset range; when the store refuses it for what some row holds,
 * halves it until each refused row stands alone, so its neighbours land.
 * Each part carries the offsets of its own first and last row, so its insert
 * token is as stable as the whole range's: a replay of the range splits the
 * same way and lands nothing twice.
 */
export async function landRange(raw: RawStore, landing: RawLanding): Promise<RangeLanded> {
  const landed: RawRow[] = [];
  const refused = await isolateRefused(
    landing.rows,
    (rows) => raw.land(rows.length === landing.rows.length ? landing : partOf(landing, rows)),
    (rows) => landed.push(...rows),
  );
  return { landed, refused };
}

function partOf(landing: RawLanding, rows: readonly RawRow[]): RawLanding {
  const first = rows[0] as RawRow;
  const last = rows[rows.length - 1] as RawRow;
  return { ...landing, firstOffset: first.kafka_offset, lastOffset: last.kafka_offset, rows };
}
