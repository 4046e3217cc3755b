import { decodeCommitMetadata } from '../engine/commit-point';
import { copiedOffsets, emittedRows, type EmittedRow } from './testing/emitted';
import { SpeedLayerTestbed } from './testing/speed-layer-testbed';
import { T0, testbedConfig } from './testing/testbed-config';

/**
 * The idle rule on virtual time (idleTimeout 2 s, out-of-orderness 1 s): a
 * caught-up partition silent for idleTimeout is raised to the highest active
 * watermark, or, when all are silent, to now - outOfOrderness - idleTimeout;
 * a partition with a backlog is never idle, nor one that has seen no event;
 * a raised watermark is committed and holds after a restart.
 */
describe('idle partitions', () => {
  const config = testbedConfig({ idleTimeoutMs: 2_000 });
  const { results, late } = config.kafka.topics;
  const events = (user: string, times: readonly number[]) => times.map((ms, i) => ({ user, ts: T0 + ms, amount: i + 1 }));
  const every = (fromMs: number, toMs: number, stepMs: number) => Array.from({ length: Math.floor((toMs - fromMs) / stepMs) + 1 }, (_, i) => fromMs + i * stepMs);

  /** Final rows of the tumbling view's first window [T0, T0 + 10 s) from one source partition. */
  const firstWindowFinals = (bed: SpeedLayerTestbed, partition: number): EmittedRow[] =>
    emittedRows(bed.cluster, results).filter((row) => row.kind === 'final' && row.key === JSON.stringify(['per_user', partition, T0, T0 + 10_000, [`u${partition}`]]));
  const countOf = (row: EmittedRow | undefined) => (row === undefined ? undefined : (JSON.parse(row.content) as unknown[])[4]);

  /** Advances `ms` while partition 0 keeps reading, one record per flush, so it stays active. */
  async function advanceWithActivePartition0(bed: SpeedLayerTestbed, instance: ReturnType<SpeedLayerTestbed['instance']>, ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += 100) {
      await instance.poll(0, 1);
      await bed.advance(100);
    }
  }

  it('raises a silent caught-up partition to the active watermark once idleTimeout has passed, not before', async () => {
    const bed = new SpeedLayerTestbed(config, T0 + 100_000);
    bed.produce(0, events('u0', every(0, 60_000, 500)));
    bed.produce(1, events('u1', [1_000, 2_000, 3_000]));
    const only = bed.instance('only');
    only.assign([0, 1]);
    await only.pollAll(1);
    await only.poll(0, 30);
    await advanceWithActivePartition0(bed, only, 1_000);
    // A record restarts the partition's idle time.
    bed.produce(1, events('u1', [4_000]));
    await only.pollAll(1);
    await advanceWithActivePartition0(bed, only, 1_900);
    expect(firstWindowFinals(bed, 1)).toEqual([]);
    await advanceWithActivePartition0(bed, only, 100);
    const [final] = firstWindowFinals(bed, 1);
    expect(final?.version).toBe(2 * 3 + 1);
    expect(countOf(final)).toBe(4);
    await only.stop();
    const committed = bed.cluster.committedOffset(bed.groupId, bed.topic, 1)!;
    const partition0 = bed.cluster.committedOffset(bed.groupId, bed.topic, 0)!;
    expect(decodeCommitMetadata(committed.metadata)?.watermark).toBe(decodeCommitMetadata(partition0.metadata)?.watermark);
    expect(copiedOffsets(bed.cluster, late)).toEqual([]);
  });

  it('never takes a partition with a backlog for idle: its records stay on time', async () => {
    const bed = new SpeedLayerTestbed(config, T0 + 100_000);
    bed.produce(0, events('u0', every(0, 60_000, 500)));
    bed.produce(1, events('u1', [1_000, 2_000, 3_000, 4_000, 5_000, 6_000]));
    const only = bed.instance('only');
    only.assign([0, 1]);
    await only.poll(1, 3);
    await only.poll(0, 30);
    await advanceWithActivePartition0(bed, only, 3_000);
    expect(firstWindowFinals(bed, 1)).toEqual([]);
    await only.pollAll(1);
    await advanceWithActivePartition0(bed, only, 2_000);
    const [final] = firstWindowFinals(bed, 1);
    expect(countOf(final)).toBe(6);
    expect(copiedOffsets(bed.cluster, late)).toEqual([]);
    await only.stop();
  });

  it('raises every partition to now - outOfOrderness - idleTimeout when all are silent, and commits that watermark', async () => {
    const bed = new SpeedLayerTestbed(config, T0 + 20_000);
    bed.produce(0, events('u0', [1_000, 2_000, 3_000, 4_000, 5_000]));
    bed.produce(1, events('u1', [2_000, 3_000, 4_000]));
    const only = bed.instance('only');
    only.assign([0, 1]);
    await only.pollAll(0);
    await only.pollAll(1);
    await bed.advance(1_900);
    expect([...firstWindowFinals(bed, 0), ...firstWindowFinals(bed, 1)]).toEqual([]);
    await bed.advance(100);
    expect(firstWindowFinals(bed, 0).map(countOf)).toEqual([5]);
    expect(firstWindowFinals(bed, 1).map(countOf)).toEqual([3]);
    await bed.advance(300);
    await only.stop();
    for (const partition of [0, 1]) {
      const committed = bed.cluster.committedOffset(bed.groupId, bed.topic, partition)!;
      expect(decodeCommitMetadata(committed.metadata)?.watermark).toBe(bed.scheduler.now() - 1_000 - 2_000);
    }
  });

  it('leaves a partition that has seen no event without a watermark, so events hours behind the wall clock that come after a silence are on time', async () => {
    // With checkpoints every assigned partition exists from its assignment, before any record.
    const bed = new SpeedLayerTestbed(testbedConfig({ idleTimeoutMs: 2_000, checkpoints: true }), T0 + 2 * 3_600_000);
    const only = bed.instance('only');
    only.assign([0, 1]);
    await bed.advance(10_000);
    bed.produce(0, events('u0', [1_000, 2_000, 3_000]));
    bed.produce(1, events('u1', [2_000, 3_000]));
    await only.pollAll(0);
    await only.pollAll(1);
    await bed.advance(2_300);
    await only.stop();
    expect(copiedOffsets(bed.cluster, late)).toEqual([]);
    expect(firstWindowFinals(bed, 0).map(countOf)).toEqual([3]);
    expect(firstWindowFinals(bed, 1).map(countOf)).toEqual([2]);
  });

  it('keeps an idle-raised watermark across a restart: a record for a window it closed is late, not a second final', async () => {
    const bed = new SpeedLayerTestbed(config, T0 + 20_000);
    bed.produce(1, events('u1', [2_000, 3_000, 4_000]));
    const first = bed.instance('first');
    first.assign([0, 1]);
    await first.pollAll(1);
    await bed.advance(2_300);
    await first.stop();
    expect(firstWindowFinals(bed, 1).map(countOf)).toEqual([3]);

    const offset = bed.cluster.append(bed.topic, 1, JSON.stringify({ user: 'u1', ts: T0 + 5_000, amount: 9 }));
    const second = bed.instance('second');
    second.assign([0, 1]);
    await second.pollAll(1);
    await bed.advance(300);
    await second.stop();
    expect(firstWindowFinals(bed, 1).map(countOf)).toEqual([3]);
    expect(copiedOffsets(bed.cluster, late)).toEqual([`1:${offset}`]);
  });
});
