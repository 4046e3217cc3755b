import type { RawLanding, RawRow } from '@sluice/core';
import { RefusingRawStore } from '../test/support/memory-stores';
import { landRange } from './land-range';

function row(offset: number): RawRow {
  return { event_time: 1_700_000_000_000 + offset, event_id: `e${offset}`, event_key: 'k', kafka_partition: 2, kafka_offset: String(offset), landed_watermark: 0, raw: '{}' };
}

function landing(rows: readonly RawRow[]): RawLanding {
  return { source: { name: 'events', topic: 'events' }, partition: 2, firstOffset: '0', lastOffset: '20', rows };
}

describe('landRange', () => {
  it('lands a clean range in one insert named by the whole range', async () => {
    const store = new RefusingRawStore();
    const rows = [row(1), row(2), row(3)];

    expect(await landRange(store, landing(rows))).toEqual({ landed: rows, refused: [] });
    expect(store.tokens).toEqual(['2/0-20']);
  });

  it('lands every neighbour of refused rows and hands back only the refused ones, with the reason', async () => {
    const store = new RefusingRawStore(new Set(['e4', 'e9']));
    const rows = Array.from({ length: 12 }, (_, index) => row(index + 1));

    const { landed, refused } = await landRange(store, landing(rows));

    expect(refused).toEqual([
      { row: row(4), reason: 'Cannot parse e4' },
      { row: row(9), reason: 'Cannot parse e9' },
    ]);
    expect(landed.map((landedRow) => landedRow.event_id).sort()).toEqual(rows.map((r) => r.event_id).filter((id) => id !== 'e4' && id !== 'e9').sort());
    expect(store.rows).toHaveLength(10);
  });

  it('splits a replay of the same range the same way, so every part carries the same insert token again', async () => {
    const rows = Array.from({ length: 7 }, (_, index) => row(index + 1));
    const first = new RefusingRawStore(new Set(['e5']));
    const again = new RefusingRawStore(new Set(['e5']));

    await landRange(first, landing(rows));
    await landRange(again, landing(rows));

    expect(again.tokens).toEqual(first.tokens);
    expect(new Set(first.tokens).size).toBe(first.tokens.length);
  });

  it('lets an outage through instead of taking it for a refusal, so nothing is dead-lettered for it', async () => {
    const store = new RefusingRawStore();
    store.outagesLeft = 1;

    await expect(landRange(store, landing([row(1)]))).rejects.toMatchObject({ retriable: true });
  });
});
