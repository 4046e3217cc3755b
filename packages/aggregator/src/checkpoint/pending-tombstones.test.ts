import { PendingTombstones } from './pending-tombstones';

describe('pending tombstones', () => {
  const none = new Set<string>();

  /** Tombstones whose keys were written to the state topic by a landed step. */
  function withWritten(...keys: string[]): PendingTombstones {
    const pending = new PendingTombstones();
    pending.step(new Set(keys));
    pending.committed();
    return pending;
  }

  it('tombstones a key closed before a commit step only at the step after, once that commit landed', () => {
    const pending = withWritten('a', 'b');
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
    const pending = withWritten('a');
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
    const pending = withWritten('waiting', 'closed');
    pending.closed('waiting');
    pending.step(none);
    pending.committed();
    pending.closed('closed');
    expect(pending.step(new Set(['waiting', 'closed']))).toEqual([]);
    pending.committed();
    expect(pending.step(none)).toEqual([]);
    expect(pending.size).toBe(0);
  });

  it('sends no tombstone for a state that closed before any step wrote it', () => {
    const pending = new PendingTombstones();
    pending.closed('short-lived');
    pending.step(none);
    pending.committed();
    expect(pending.step(none)).toEqual([]);
    expect(pending.size).toBe(0);
  });

  it('tombstones a key read back on restore, and a key only once however often it closes', () => {
    const pending = new PendingTombstones();
    pending.restored('restored');
    pending.closed('restored');
    pending.step(none);
    pending.committed();
    expect(pending.step(none)).toEqual(['restored']);
    pending.closed('restored');
    pending.committed();
    expect(pending.step(none)).toEqual([]);
  });
});
