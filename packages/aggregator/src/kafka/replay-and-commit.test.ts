import { decodeCommitMetadata } from '../engine/commit-point';
import { conflictingVersions, copiedOffsets, emittedRows, latestRows, type EmittedRow } from './testing/emitted';
import type { StoredCommit } from './testing/fake-cluster';
import { SpeedLayerTestbed } from './testing/speed-layer-testbed';
import { T0, sourceRecords, testbedConfig } from './testing/testbed-config';

/**
 * The replay and commit protocol of the speed layer on a fake cluster and
 * virtual time. Every scenario reads the same input as an uninterrupted
 * reference run and must end with the same rows in the serving table (the
 * highest version per key): nothing lost, nothing counted twice. And one
 * version never carries two contents, or the sink would keep either.
 */
describe('replay and commit protocol', () => {
  const config = testbedConfig();
  const { results, late, deadLetter } = config.kafka.topics;
  const INPUT = [sourceRecords(11, 400), sourceRecords(12, 400)];
  const LATENESS_MS: Record<string, number> = { per_user: 2_000, sessions: 0 };

  function testbed(): SpeedLayerTestbed {
    const bed = new SpeedLayerTestbed(config, T0 + 60_000);
    INPUT.forEach((records, partition) => bed.produce(partition, records));
    return bed;
  }

  /** What the sink ends with, one line per key, plus the offsets copied to the late and dead-letter topics. */
  function outcome(bed: SpeedLayerTestbed) {
    const rows = emittedRows(bed.cluster, results);
    const table = [...latestRows(rows).values()].map((row) => `${row.key} v${row.version} ${row.content}`).sort();
    return { rows, table, late: copiedOffsets(bed.cluster, late), dead: copiedOffsets(bed.cluster, deadLetter) };
  }

  let reference: ReturnType<typeof outcome>;

  beforeAll(async () => {
    const bed = testbed();
    const only = bed.instance('reference');
    only.assign([0, 1]);
    await only.pollAll(0, 50);
    await only.pollAll(1, 50);
    await bed.advance(100);
    await only.stop();
    reference = outcome(bed);
  });

  const committed = (bed: SpeedLayerTestbed, partition: number): StoredCommit => {
    const stored = bed.cluster.committedOffset(bed.groupId, bed.topic, partition);
    if (!stored) throw new Error(`partition ${partition} was never committed`);
    return stored;
  };
  const replayEnd = (commit: StoredCommit) => decodeCommitMetadata(commit.metadata)!;
  const sorted = (copies: Iterable<string>) => [...copies].sort();
  const ids = (rows: readonly EmittedRow[]) => new Set(rows.map((row) => `${row.key}@${row.version}`));

  it('runs on input that exercises every path: finals, updates, retractions, late events and dead letters', () => {
    const kinds = new Set(reference.rows.map((row) => row.kind));
    expect([...kinds].sort()).toEqual(['final', 'retraction', 'update']);
    expect(reference.late.length).toBeGreaterThan(0);
    expect(reference.dead.length).toBeGreaterThan(0);
    expect(new Set(reference.late).size).toBe(reference.late.length);
    expect(conflictingVersions(reference.rows)).toEqual([]);
  });

  it('after a kill, rebuilds open windows from the committed replay point and re-emits the same versions and contents', async () => {
    const bed = testbed();
    const first = bed.instance('first');
    first.assign([0, 1]);
    for (let round = 0; round < 5; round++) {
      await first.poll(0, 50);
      await first.poll(1, 50);
      await bed.advance(100);
    }
    await bed.advance(300);
    // Read and emitted after the last commit: a restart must rebuild this, not skip it.
    await first.poll(0, 30);
    await first.poll(1, 30);
    await bed.advance(100);
    const atKill = [committed(bed, 0), committed(bed, 1)];
    for (const commit of atKill) {
      expect(commit.offset).toBeLessThan(replayEnd(commit).nextOffset);
      expect(replayEnd(commit).nextOffset).toBeLessThan(280);
    }
    const rowsOfFirst = emittedRows(bed.cluster, results);
    first.kill();

    const second = bed.instance('second');
    second.assign([0, 1]);
    // Small batches with flushes between them: the replay spans several flushes, which must neither emit nor commit.
    while ((await second.poll(0, 10)) + (await second.poll(1, 10)) > 0) await bed.advance(100);
    await bed.advance(100);
    await second.stop();

    const after = outcome(bed);
    const rowsOfSecond = after.rows.slice(rowsOfFirst.length);
    for (const commit of bed.cluster.commitHistory.filter(({ by }) => by === 'second')) {
      expect(replayEnd(commit).nextOffset).toBeGreaterThanOrEqual(replayEnd(atKill[commit.partition]!).nextOffset);
    }
    // Reading resumed at the replay point L, the oldest event of a window still open at the commit.
    for (const partition of [0, 1]) expect(second.consumer.fetches.find((fetch) => fetch.partition === partition)?.from).toBe(atKill[partition]!.offset);
    expect(conflictingVersions(after.rows)).toEqual([]);
    expect(after.table).toEqual(reference.table);
    // The replay did re-emit rows the first instance had emitted, with the same version (and, above, content).
    const reEmitted = [...ids(rowsOfSecond)].filter((id) => ids(rowsOfFirst).has(id));
    expect(reEmitted.length).toBeGreaterThan(0);
    // A window the committed watermark had closed was emitted before and is never rebuilt.
    for (const row of rowsOfSecond) {
      const [view, partition, , end] = JSON.parse(row.key) as [string, number, number, number];
      expect(end + LATENESS_MS[view]!).toBeGreaterThan(replayEnd(atKill[partition]!).watermark);
    }
    // Records replayed below N were copied before the kill: not again. Nothing is missing either.
    for (const copies of [after.late, after.dead]) {
      const replayed = copies.filter((copy) => {
        const [partition, offset] = copy.split(':').map(Number) as [number, number];
        return offset < replayEnd(atKill[partition]!).nextOffset;
      });
      expect(new Set(replayed).size).toBe(replayed.length);
    }
    expect(sorted(new Set(after.late))).toEqual(sorted(reference.late));
    expect(sorted(new Set(after.dead))).toEqual(sorted(reference.dead));
  });

  it('commits W and N in the offset metadata, and a restart from them commits the same point again', async () => {
    const bed = testbed();
    const first = bed.instance('first');
    first.assign([0, 1]);
    await first.pollAll(0, 100);
    await first.pollAll(1, 100);
    await bed.advance(100);
    await first.stop();
    const stored = [committed(bed, 0), committed(bed, 1)];
    stored.forEach((commit, partition) => {
      const events = INPUT[partition]!.filter((record): record is { ts: number } => typeof record === 'object');
      expect(replayEnd(commit)).toEqual({ nextOffset: INPUT[partition]!.length, watermark: Math.max(...events.map((event) => event.ts)) - 1_000, checkpointed: false });
      // Windows are still open at the end: the replay point is behind N.
      expect(commit.offset).toBeLessThan(INPUT[partition]!.length);
    });
    const rowsOfFirst = emittedRows(bed.cluster, results);

    const second = bed.instance('second');
    second.assign([0, 1]);
    await second.pollAll(0, 100);
    await second.pollAll(1, 100);
    await bed.advance(100);
    await second.stop();

    for (const partition of [0, 1]) {
      const again = bed.cluster.commitHistory.filter((commit) => commit.by === 'second' && commit.partition === partition);
      expect(again.length).toBeGreaterThan(0);
      for (const commit of again) expect(commit).toEqual({ ...stored[partition]!, by: 'second' });
    }
    // Replaying what was read before emits only rows emitted before, exactly as they were.
    const rowsOfSecond = emittedRows(bed.cluster, results).slice(rowsOfFirst.length);
    const before = new Set(rowsOfFirst.map((row) => `${row.key}@${row.version} ${row.content}`));
    expect(rowsOfSecond.filter((row) => !before.has(`${row.key}@${row.version} ${row.content}`))).toEqual([]);
    expect(sorted(copiedOffsets(bed.cluster, late))).toEqual(sorted(reference.late));
  });

  it('moves a partition mid-window to another instance: no loss, no double count, no commit from the old owner', async () => {
    const bed = testbed();
    const first = bed.instance('first');
    first.assign([0, 1]);
    for (let round = 0; round < 4; round++) {
      await first.poll(0, 40);
      await first.poll(1, 40);
      await bed.advance(100);
    }
    // A commit is due and waits for acknowledgements when the group rebalances.
    first.writer.hold();
    await first.poll(0, 40);
    await first.poll(1, 40);
    await bed.advance(400);
    const staleBatch = first.consumer.fetch(0, 40)!;
    const commitsBefore = bed.cluster.commitHistory.length;

    first.assign([1]);
    const second = bed.instance('second');
    second.assign([0]);
    await first.handle(staleBatch);
    first.writer.release();
    await first.inFlight();
    const sinceRebalance = () => bed.cluster.commitHistory.slice(commitsBefore);
    expect(sinceRebalance().filter((commit) => commit.by === 'first').map((commit) => commit.partition)).toEqual([1]);

    await second.pollAll(0, 40);
    await first.pollAll(1, 40);
    await bed.advance(100);
    await Promise.all([first.stop(), second.stop()]);

    const after = outcome(bed);
    expect(conflictingVersions(after.rows)).toEqual([]);
    expect(after.table).toEqual(reference.table);
    expect(sinceRebalance().filter((commit) => commit.partition === 0).every((commit) => commit.by === 'second')).toBe(true);
    expect(committed(bed, 0).by).toBe('second');
    expect(sorted(new Set(after.late))).toEqual(sorted(reference.late));
  });

  it('folds a redelivered batch once: the same batch twice, a seek back, and a re-fetch from the commit after a rebalance', async () => {
    const bed = testbed();
    const only = bed.instance('only');
    only.assign([0, 1]);
    const batch = only.consumer.fetch(0, 60)!;
    await only.handle(batch);
    await only.handle(batch);
    await bed.advance(400);
    only.consumer.seek(0, 20);
    await only.poll(0, 100);
    await only.poll(1, 120);
    await bed.advance(400);
    // The group rebalances and gives this instance the same partitions: kafkajs fetches again from the commit.
    expect(committed(bed, 1).offset).toBeLessThan(120);
    only.assign([0, 1]);
    await only.pollAll(0, 50);
    await only.pollAll(1, 50);
    await bed.advance(100);
    await only.stop();

    const after = outcome(bed);
    expect(conflictingVersions(after.rows)).toEqual([]);
    expect(after.table).toEqual(reference.table);
    expect(sorted(after.late)).toEqual(sorted(reference.late));
    expect(sorted(after.dead)).toEqual(sorted(reference.dead));
  });
});
