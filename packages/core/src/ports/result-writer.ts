/**
 * Where the speed layer writes its results, late copies and dead letters.
 * `send` only starts a write and tracks it; `drained` is what makes a commit
 * safe: it settles once everything sent before it is acknowledged, so a
 * replay point is committed only after the results it covers are durable.
 * The record type is the adapter's (a kafkajs Message for Kafka), so rows
 * pass through without a copy.
 */
export interface ResultWriter<TRecord> {
  /** Starts writing `records` to `topic`; a failure surfaces in `drained` (and to the adapter's failure handler). */
  send(topic: string, records: TRecord[]): void;
  /** Resolves when every write started so far is acknowledged; rejects with the first failure. */
  drained(): Promise<void>;
  /** About how many bytes are sent and not yet acknowledged: readers wait above a bound (backpressure). */
  readonly pendingBytes: number;
}
