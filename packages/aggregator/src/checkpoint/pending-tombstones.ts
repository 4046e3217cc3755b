/**
 * The state-topic keys of closed states (final emitted, merged away, dropped
 * on restore) waiting for their tombstone. A tombstone is safe only once a
 * commit whose next offset is past the closing is durable: before that, a
 * crash restores from an older commit, and without the pre-close state the
 * replay would rebuild a smaller window whose final has the same version as
 * the correct one. So a key closed before commit step k is tombstoned at step
 * k + 1, and only if commit k landed.
 *
 * Only keys that hold a value in the state topic get one: a state that opened
 * and closed between two steps was never written, and a tombstone for it
 * would only cost a record to write and to read back. Windows that live
 * shorter than a commit interval (a 10 s view reading a backlog) are most of
 * them.
 */
export class PendingTombstones {
  /** Keys upserted in a step or read back on restore, and not tombstoned since. */
  private readonly written = new Set<string>();
  private closedSinceStep: string[] = [];
  private awaitingCommit: string[] = [];
  private safe: string[] = [];

  /** Notes a key read back from the state topic: it holds a value there. */
  restored(key: string): void {
    this.written.add(key);
  }

  /** Notes a state gone from memory; it is tombstoned only if it holds a value in the state topic. */
  closed(key: string): void {
    if (this.written.has(key)) this.closedSinceStep.push(key);
  }

  /**
   * A commit step: returns the tombstones to send now (their commit landed);
   * the keys closed since the last step now wait for this step's commit. A
   * key upserted in this step is live again and never tombstoned.
   */
  step(upserted: ReadonlySet<string>): string[] {
    for (const key of upserted) this.written.add(key);
    const live = (key: string) => !upserted.has(key);
    const ready = this.safe.filter(live);
    for (const key of ready) this.written.delete(key);
    this.safe = [];
    this.awaitingCommit = this.awaitingCommit.concat(this.closedSinceStep).filter(live);
    this.closedSinceStep = [];
    return ready;
  }

  /** This step's commit is durable (or an identical one already was). */
  committed(): void {
    this.safe = this.safe.concat(this.awaitingCommit);
    this.awaitingCommit = [];
  }

  /** This step's commit failed: its keys wait for the next commit. */
  commitFailed(): void {
    this.closedSinceStep = this.awaitingCommit.concat(this.closedSinceStep);
    this.awaitingCommit = [];
  }

  /** Keys not yet tombstoned, for metrics and tests. */
  get size(): number {
    return this.closedSinceStep.length + this.awaitingCommit.length + this.safe.length;
  }
}
