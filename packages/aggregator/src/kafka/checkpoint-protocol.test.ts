import { decodeCommitMetadata } from '../engine/commit-point';
import { conflictingVersions, copiedOffsets, emittedRows, latestRows, type EmittedRow } from './testing/emitted';
import { SpeedLayerTestbed, type SpeedLayerInstance } from './testing/speed-layer-testbed';
import { T0, sourceRecords, testbedConfig } from './testing/testbed-config';

/**
 * The checkpoint protocol of the speed layer on a fake cluster and virtual
 * time: open windows written to the state topic at every commit, the read
 * position committed, and a restart restoring from the state topic and
 * reading only what follows the commit. Every scenario must end with what an
 * uninterrupted run serves: per row key the latest row's kind and content.
 * A re-sent retraction may carry a higher version than the lost one (see
 * SessionStore.restore); every other row keeps its version, and one version
 * never carries two contents.
 */
describe('checkpoint protocol', () => {
  const config = testbedConfig({ checkpoints: true });
  const { results, late, deadLetter, state } = config.kafka.topics;
  const INPUT = [sourceRecords(11, 400), sourceRecords(12, 400)];

  function testbed(): SpeedLayerTestbed {
    const bed = new SpeedLayerTestbed(config, T0 + 60_000);
    INPUT.forEach((records, partition) => bed.produce(partition, records));
    return bed;
  }

  /** What the serving view shows per row key, and the offsets copied to the late and dead-letter topics. */
  function outcome(bed: SpeedLayerTestbed) {
    const rows = emittedRows(bed.cluster, results);
    const served = [...latestRows(rows).values()].map((row) => `${row.key} ${row.kind} ${row.content}`).sort();
    const versions = [...latestRows(rows).values()].filter((row) => row.kind !== 'retraction').map((row) => `${row.key} v${row.version}`).sort();
    return { rows, served, versions, late: new Set(copiedOffsets(bed.cluster, late)), dead: new Set(copiedOffsets(bed.cluster, deadLetter)) };
  }

  async function runToEnd(instance: SpeedLayerInstance, bed: SpeedLayerTestbed): Promise<void> {
    while ((await instance.poll(0, 25)) + (await instance.poll(1, 25)) > 0) await bed.advance(100);
    await bed.advance(100);
    await instance.stop();
  }

  let reference: ReturnType<typeof outcome>;

  beforeAll(async () => {
    const bed = testbed();
    const only = bed.instance('reference');
    only.assign([0, 1]);
    await runToEnd(only, bed);
    reference = outcome(bed);
  });

  it('serves what the speed layer without checkpoints serves, with the same versions', async () => {
    const bed = new SpeedLayerTestbed(testbedConfig(), T0 + 60_000);
    INPUT.forEach((records, partition) => bed.produce(partition, records));
    const only = bed.instance('without');
    only.assign([0, 1]);
    await runToEnd(only, bed);
    const without = outcome(bed);
    expect(reference.served).toEqual(without.served);
    expect(reference.versions).toEqual(without.versions);
    expect(new Set(reference.rows.map((row) => row.kind))).toEqual(new Set(['update', 'final', 'retraction']));
    expect(bed.cluster.records(state)).toEqual([]);
  });

  it('commits the read position N with open windows in the state topic, and tombstones closed ones one commit later', async () => {
    const bed = testbed();
    const only = bed.instance('only');
    only.assign([0, 1]);
    await runToEnd(only, bed);
    for (const partition of [0, 1]) {
      const commit = bed.cluster.committedOffset(bed.groupId, bed.topic, partition)!;
      expect(commit.offset).toBe(INPUT[partition]!.length);
      expect(decodeCommitMetadata(commit.metadata)).toMatchObject({ nextOffset: INPUT[partition]!.length, checkpointed: true });
    }
    const values = new Map<string, Buffer | null>();
    for (const { message } of bed.cluster.records(state)) values.set(String(message.key), message.value);
    const live = [...values.values()].filter((value) => value !== null).length;
    const open = [...only.metrics.render().matchAll(/sluice_aggregator_state_entries\{view="\w+"\} (\d+)/g)].reduce((sum, [, count]) => sum + Number(count), 0);
    // Every open window is in the state topic; of the closed ones, only those closed since the commit before the last still are.
    expect(open).toBeGreaterThan(0);
    expect(live).toBeGreaterThanOrEqual(open);
    expect(live).toBeLessThan(open + 12);
    expect([...values.values()].filter((value) => value === null).length).toBeGreaterThan(50);
  });

  /** Runs `rounds` rounds of reading and flushing, optionally holds acknowledgements over a due commit, and kills. */
  async function killAfter(bed: SpeedLayerTestbed, instance: SpeedLayerInstance, rounds: number, holdCommit: boolean): Promise<void> {
    instance.assign([0, 1]);
    for (let round = 0; round < rounds; round++) {
      await instance.poll(0, 30);
      await instance.poll(1, 30);
      await bed.advance(100);
    }
    if (holdCommit) {
      // The commit step's state records land, its offset commit waits for acknowledgements, and the kill comes first.
      instance.writer.hold();
      await instance.poll(0, 30);
      await instance.poll(1, 30);
      await bed.advance(400);
    }
    instance.kill();
  }

  function expectReference(bed: SpeedLayerTestbed, what: string): void {
    const after = outcome(bed);
    expect({ what, conflicts: conflictingVersions(after.rows) }).toEqual({ what, conflicts: [] });
    expect({ what, served: after.served }).toEqual({ what, served: reference.served });
    expect({ what, late: [...after.late].sort() }).toEqual({ what, late: [...reference.late].sort() });
    expect({ what, dead: [...after.dead].sort() }).toEqual({ what, dead: [...reference.dead].sort() });
  }

  it('after kill -9 at any point, between state writes and their offset commit too, restores and reads on from the commit', async () => {
    for (const holdCommit of [false, true]) {
      for (let rounds = 1; rounds <= 14; rounds++) {
        const what = `killed after ${rounds} rounds${holdCommit ? ', commit held' : ''}`;
        const bed = testbed();
        await killAfter(bed, bed.instance('first'), rounds, holdCommit);
        const commits = [0, 1].map((partition) => bed.cluster.committedOffset(bed.groupId, bed.topic, partition)?.offset ?? 0);
        const second = bed.instance('second');
        second.assign([0, 1]);
        await runToEnd(second, bed);
        expectReference(bed, what);
        // Only the records after the commit were read again: the open windows came from the state topic.
        for (const partition of [0, 1]) expect({ what, from: second.consumer.fetches.find((fetch) => fetch.partition === partition)?.from }).toEqual({ what, from: commits[partition] });
      }
    }
  });

  it('survives kills in a row, each restore restoring what the previous one wrote', async () => {
    const bed = testbed();
    await killAfter(bed, bed.instance('first'), 4, true);
    await killAfter(bed, bed.instance('second'), 3, false);
    await killAfter(bed, bed.instance('third'), 3, true);
    const last = bed.instance('last');
    last.assign([0, 1]);
    await runToEnd(last, bed);
    expectReference(bed, 'three kills');
    expect(/sluice_aggregator_restored_states_total [1-9]/.test(last.metrics.render())).toBe(true);
  });

  it('moves a partition to another instance mid-window: the new owner restores it, the old one keeps the other', async () => {
    const bed = testbed();
    const first = bed.instance('first');
    first.assign([0, 1]);
    for (let round = 0; round < 5; round++) {
      await first.poll(0, 30);
      await first.poll(1, 30);
      await bed.advance(100);
    }
    first.assign([1]);
    const second = bed.instance('second');
    second.assign([0]);
    while ((await second.poll(0, 25)) + (await first.poll(1, 25)) > 0) await bed.advance(100);
    await bed.advance(100);
    await Promise.all([first.stop(), second.stop()]);
    expectReference(bed, 'rebalance');
    expect(second.stateReader.reads).toEqual([`${bed.topic}:0`]);
  });

  it('reads the state topic when a commit was checkpointed though checkpoints are now off, so no open window is lost', async () => {
    const bed = testbed();
    await killAfter(bed, bed.instance('first'), 6, false);
    // The same cluster and group, an instance built from a config without checkpoints.
    const second = bed.instance('second', testbedConfig());
    second.assign([0, 1]);
    await runToEnd(second, bed);
    expectReference(bed, 'checkpoints turned off');
  });

  it('rebuilds by replay from a commit made without checkpoints, and tombstones what the state topic held from before', async () => {
    const off = new SpeedLayerTestbed(testbedConfig(), T0 + 60_000);
    INPUT.forEach((records, partition) => off.produce(partition, records));
    // A stale state from an earlier run with checkpoints: it must be neither used nor kept.
    const stale = `${off.topic}|0|per_user|${T0}|["u0"]`;
    off.cluster.append(state, 0, JSON.stringify({ s: T0, e: T0 + 10_000, g: ['u0'], m: [{ kind: 'count', count: 999 }, { kind: 'sum', sum: 0 }], f: 0, l: 10_000 }), stale);
    await killAfter(off, off.instance('first'), 6, false);
    const second = off.instance('second', config);
    second.assign([0, 1]);
    await runToEnd(second, off);
    const after = outcome(off);
    expect(after.served).toEqual(reference.served);
    const last = off.cluster.records(state).filter(({ message }) => String(message.key) === stale).at(-1);
    expect(last?.message.value).toBeNull();
  });

  it('restores a partition with nothing more to read at once, so idle handling closes its windows', async () => {
    const idle = testbedConfig({ checkpoints: true, idleTimeoutMs: 1_000 });
    const bed = new SpeedLayerTestbed(idle, T0 + 60_000);
    INPUT.forEach((records, partition) => bed.produce(partition, records));
    const first = bed.instance('first');
    first.assign([0, 1]);
    await first.pollAll(0);
    await first.pollAll(1);
    await bed.advance(400);
    first.kill();
    const finalsBefore = emittedRows(bed.cluster, results).filter((row) => row.kind === 'final').length;
    const second = bed.instance('second');
    // No batch ever comes: every record was read before the kill.
    second.assign([0, 1]);
    // Wall time past the last event time: idle handling raises the watermark past every window.
    await bed.advance(300_000);
    const text = second.metrics.render();
    expect(text).toMatch(/sluice_aggregator_restored_states_total [1-9]/);
    expect([...text.matchAll(/sluice_aggregator_state_entries\{view="\w+"\} (\d+)/g)].map(([, count]) => count)).toEqual(['0', '0']);
    expect(emittedRows(bed.cluster, results).filter((row) => row.kind === 'final').length).toBeGreaterThan(finalsBefore);
    expect(conflictingVersions(emittedRows(bed.cluster, results))).toEqual([]);
  });

  it('restores states, not rows: a restart re-emits open windows with the versions and contents emitted before', async () => {
    const bed = testbed();
    // Everything read; one more record that changes no state makes the restart restore and, caught up, emit.
    await killAfter(bed, bed.instance('first'), 15, false);
    bed.produce(0, ['not json']);
    const rowsBefore = emittedRows(bed.cluster, results);
    const before = new Map(rowsBefore.map((row): [string, EmittedRow] => [`${row.key}@${row.version}`, row]));
    const second = bed.instance('second');
    second.assign([0, 1]);
    await second.pollAll(0);
    await bed.advance(100);
    const reEmitted = emittedRows(bed.cluster, results).slice(rowsBefore.length).filter((row) => before.has(`${row.key}@${row.version}`));
    expect(reEmitted.length).toBeGreaterThan(0);
    for (const row of reEmitted) expect(row.content).toBe(before.get(`${row.key}@${row.version}`)!.content);
  });
});
