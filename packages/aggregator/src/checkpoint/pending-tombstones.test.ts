import { PendingTombstones } from './pending-tombstones';

describe('pending tombstones', () => {
  const none = new Set<string>();

  it('tombstones a key closed before a commit step only at the step after, once that commit landed', () => {
    const pending = new PendingTombstones();
    pending.closed('a');
    expect(pending.step(none)).toEqual([]);
    pending.closed('b');
    pending.committed();
    expect(pending.step(none)).toEqual(['a']);
    pending.committed();
    expect(pending.step(none)).toEqual(['b']);
    expect(pending.size).toBe(0);
  });

  it('never tombstones a key whose commit failed until a later commit lands', () => {
    const pending = new PendingTombstones();
    pending.closed('a');
    pending.step(none);
    pending.commitFailed();
    expect(pending.step(none)).toEqual([]);
    pending.commitFailed();
    expect(pending.step(none)).toEqual([]);
    pending.committed();
    expect(pending.step(none)).toEqual(['a']);
  });

  it('drops the tombstone of a key upserted again, wherever it waits', () => {
    const pending = new PendingTombstones();
    pending.closed('waiting');
    pending.step(none);
    pending.committed();
    pending.closed('closed');
    expect(pending.step(new Set(['waiting', 'closed']))).toEqual([]);
    pending.committed();
    expect(pending.step(none)).toEqual([]);
    expect(pending.size).toBe(0);
  });
});
