import { PendingBatch, type RecordOrigin } from './pending-batch';

const origin = (partition: number, offset: number): RecordOrigin => ({ topic: 't', partition, offset: String(offset), key: null, value: null });

describe('PendingBatch', () => {
  it('is due when full', () => {
    const batch = new PendingBatch({ maxRows: 2, maxAgeMs: 1_000 });
    batch.addRow('v', { bytes: Buffer.from('a'), origin: origin(0, 1) }, 0);
    expect(batch.isDue(0)).toBe(false);
    batch.addRow('v', { bytes: Buffer.from('b'), origin: origin(0, 2) }, 0);
    expect(batch.isDue(0)).toBe(true);
  });

  it('is due when its oldest record waited long enough, on virtual time', () => {
    const batch = new PendingBatch({ maxRows: 100, maxAgeMs: 1_000 });
    expect(batch.isDue(5_000)).toBe(false);
    batch.reject({ origin: origin(1, 7), reason: 'bad' }, 5_000);
    expect(batch.isDue(5_999)).toBe(false);
    expect(batch.isDue(6_000)).toBe(true);
  });

  it('commits past the highest offset read per partition, rejected records included', () => {
    const batch = new PendingBatch({ maxRows: 100, maxAgeMs: 1_000 });
    batch.addRow('v', { bytes: Buffer.from('a'), origin: origin(0, 9) }, 0);
    batch.addRow('w', { bytes: Buffer.from('b'), origin: origin(0, 4) }, 0);
    batch.reject({ origin: origin(1, 20), reason: 'bad' }, 0);
    expect([...batch.commits().values()]).toEqual([
      { topic: 't', partition: 0, offset: '10' },
      { topic: 't', partition: 1, offset: '21' },
    ]);
    expect(batch.rows).toBe(2);
  });
});
