import { consumerGroupId } from '@sluice/core';
import { generateEvents } from '@sluice/producer';
import { computeTruth, type TruthFile } from '@sluice/testkit';
import { testKafka } from '../../../test/support/kafka';
import { waitFor } from '../../../test/support/wait-for';
import { AggregatorProcess } from './support/aggregator-process';
import { differences, mergeFinals, readResults } from './support/final-results';
import { groupCommittedOpenWindows, groupFinished, seededRandom } from './support/group-progress';
import { createPipelineFixture, type PipelineFixture } from './support/pipeline-fixture';
import { sendRecords } from './support/send-records';

/**
 * Failures of the built `sluice aggregate` process (run `npx turbo run build`
 * first): SIGKILL at seeded random moments, restarts, instances leaving and
 * joining. Whatever happens, the highest version per result key, merged over
 * partitions, must equal the truth, and one version never carries two contents.
 */
describe('aggregate: exactly-once in effect under failure', () => {
  const VIEWS = ['pages_10s', 'types_20s', 'sessions'];

  // A failed step must not leave aggregators running: they would keep jest from exiting.
  afterEach(() => AggregatorProcess.killAll());

  async function preloaded(prefix: string, seed: number, idleTimeoutMs?: number): Promise<{ fixture: PipelineFixture; truth: TruthFile }> {
    const fixture = await createPipelineFixture(prefix, idleTimeoutMs === undefined ? {} : { idleTimeoutMs });
    const run = generateEvents(fixture.config, { events: 12_000, rate: 1_000, late: 0.01, duplicates: 0.02, outOfOrder: 0.1, seed, startMs: Date.now() - 60 * 60_000, timeStepMs: 25 });
    await sendRecords(testKafka(), fixture.sourceTopic, run.records);
    return { fixture, truth: computeTruth(fixture.config, run) };
  }

  async function expectTruth(fixture: PipelineFixture, truth: TruthFile): Promise<void> {
    const finals = mergeFinals(fixture.config, await readResults(fixture.config));
    for (const view of VIEWS) expect(differences(fixture.config, view, finals, truth.views[view]!.speedRows)).toEqual([]);
  }

  const owns = async (process: AggregatorProcess) => /sluice_aggregator_owned_partitions [1-9]/.test(await process.metrics());

  async function finishWith(processes: AggregatorProcess[], fixture: PipelineFixture): Promise<void> {
    await Promise.all(processes.map((process) => process.opsPort));
    const group = consumerGroupId(fixture.config, 'aggregator');
    await waitFor(() => groupFinished(group, fixture.sourceTopic), { timeoutMs: 120_000, intervalMs: 500, what: `group ${group} to commit the end of every partition` });
    for (const process of processes) expect(await process.terminate()).toBe(0);
  }

  it('survives kill -9 at seeded random points and restarts', async () => {
    // A longer idle timeout keeps the last windows open for a while after the backlog is read,
    // so kill points land in reading, with open windows, and between close and commit.
    const { fixture, truth } = await preloaded('agg_kill', 21, 4_000);
    // Another seed reproduces another set of kill points: SLUICE_KILL_SEED=7 npx jest ...
    const random = seededRandom(Number(process.env['SLUICE_KILL_SEED'] ?? 2024));
    const killPoints = Array.from({ length: 4 }, () => Math.round(random() * 4_000));
    const group = consumerGroupId(fixture.config, 'aggregator');
    // The first kill comes once the group committed with windows open, so one restart surely replays
    // whatever the machine's speed; the seeded kill points then fall wherever the work is.
    const first = AggregatorProcess.start(fixture.file);
    await waitFor(() => groupCommittedOpenWindows(group, fixture.sourceTopic), { timeoutMs: 120_000, intervalMs: 100, what: 'a commit with windows open' });
    await first.kill();
    const killed: AggregatorProcess[] = [first];
    for (const delayMs of killPoints) {
      const process = AggregatorProcess.start(fixture.file);
      killed.push(process);
      await waitFor(() => owns(process), { timeoutMs: 60_000, what: 'the restarted instance to own partitions' });
      // The fault injection point itself: kill this long after the group assigned partitions, wherever the work is.
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await process.kill();
    }
    const last = AggregatorProcess.start(fixture.file);
    try {
      await finishWith([last], fixture);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nkill points ${killPoints.join(', ')} ms\n${last.log()}`);
    }
    await expectTruth(fixture, truth);
    // The restart after the first kill found open windows to rebuild, so the replay path ran.
    const replays = [...killed, last].flatMap((process) => [...process.fullOutput().matchAll(/"replayFrom":(\d+),"replayUntil":(\d+)/g)]);
    expect(replays.some(([, from, until]) => Number(from) < Number(until))).toBe(true);
    // Above the sum of the steps' own bounds (120 s, 4 × 64 s, 120 s, 60 s), so a slow step fails with its own message.
  }, 600_000);

  it('two instances, one killed, one added: still the truth', async () => {
    const { fixture, truth } = await preloaded('agg_scale', 33);
    const first = AggregatorProcess.start(fixture.file);
    const second = AggregatorProcess.start(fixture.file);
    await waitFor(async () => (await owns(first)) && (await owns(second)), { timeoutMs: 60_000, what: 'both instances owning partitions' });
    await first.kill();
    const third = AggregatorProcess.start(fixture.file);
    try {
      await finishWith([second, third], fixture);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- second instance ---\n${second.log()}\n--- third instance ---\n${third.log()}`);
    }
    await expectTruth(fixture, truth);
    // Above the sum of the steps' own bounds (60 s, 120 s, 2 × 60 s), so a slow step fails with its own message.
  }, 480_000);
});
