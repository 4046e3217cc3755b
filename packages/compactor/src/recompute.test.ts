import { parsePipeline, silentLogger, type ViewDefinition } from '@sluice/core';
import { MemoryProgressStore, RecordingBatchStore } from '../test/support/memory-stores';
import { nextGeneration, recomputePeriods, recomputeRange, type RecomputeContext } from './recompute';

const [tumbling] = parsePipeline(
  `
sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - { name: t, source: events, window: { type: tumbling, size: 1m }, period: 10m, measures: { n: count } }
`,
  { env: {}, origin: 'test' },
).views as [ViewDefinition];

const MINUTE = 60_000;
const PERIOD = 10 * MINUTE;

function context(now = 1_000): RecomputeContext & { progress: MemoryProgressStore; batch: RecordingBatchStore } {
  return { progress: new MemoryProgressStore(), batch: new RecordingBatchStore(), logger: silentLogger, now: () => now };
}

describe('recomputePeriods', () => {
  it('writes the batch rows before the switch, then reconciles, leaving older generations to the retention sweep', async () => {
    const run = context();
    const recordFinal = run.progress.recordFinal.bind(run.progress);
    run.progress.recordFinal = async (view, final) => {
      run.batch.calls.push(`final ${view} ${final.periods.join(',')} #${final.generation}`);
      await recordFinal(view, final);
    };
    const { generation } = await recomputePeriods(run, tumbling, 0, PERIOD);
    expect(run.batch.calls).toEqual([`generation t 0..${PERIOD} #${generation}`, `final t 0 #${generation}`, `reconcile t 0..${PERIOD} #${generation}`]);
  });

  it('recomputes a range as one generation, a step per period', async () => {
    const run = context();
    const { generation } = await recomputePeriods(run, tumbling, 0, 2 * PERIOD);
    expect(run.batch.calls.filter((call) => call.startsWith('generation'))).toEqual([`generation t 0..${PERIOD} #${generation}`, `generation t ${PERIOD}..${2 * PERIOD} #${generation}`]);
    expect([...(run.progress.final.get('t') ?? [])]).toEqual([
      [0, generation],
      [PERIOD, generation],
    ]);
  });

  it('reports progress per step and counts the periods', async () => {
    const steps: string[] = [];
    const result = await recomputePeriods(context(), tumbling, 0, 3 * PERIOD, (done, total) => steps.push(`${done}/${total}`));
    expect(result.periods).toBe(3);
    expect(steps).toEqual(['0/3', '1/3', '2/3', '3/3']);
  });
});

describe('nextGeneration', () => {
  it('is newer than every recorded generation, even when the clock is behind', async () => {
    const run = context(1);
    await run.progress.recordFinal('t', { periods: [0], generation: 5_000_000, finalizedAt: 0 });
    expect(await nextGeneration(run, tumbling)).toBe(5_000_001);
  });

  it('follows the clock in microsecond-like steps otherwise', async () => {
    const generation = await nextGeneration(context(2_000), tumbling);
    expect(generation).toBeGreaterThanOrEqual(2_000_000);
    expect(generation).toBeLessThan(2_001_000);
  });
});

describe('recomputeRange', () => {
  it('widens the range to whole periods and clears their dirty marks as of its start', async () => {
    const run = context(10_000);
    await run.progress.markDirty('t', [PERIOD], 9_000);
    // A late event marked after the recomputation started must stay dirty.
    await run.progress.markDirty('t', [2 * PERIOD], 10_000);
    const result = await recomputeRange(run, tumbling, PERIOD + MINUTE, 2 * PERIOD + MINUTE);
    expect([result.fromMs, result.toMs, result.periods]).toEqual([PERIOD, 3 * PERIOD, 2]);
    expect(await run.progress.dirtyPeriods('t')).toEqual([2 * PERIOD]);
  });
});
