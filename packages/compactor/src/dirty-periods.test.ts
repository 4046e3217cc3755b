import { parsePipeline, type SourceDefinition, type ViewDefinition } from '@sluice/core';
import { MemoryProgressStore, RecordingBatchStore } from '../test/support/memory-stores';
import { contiguousRuns } from './batch-cycle';
import { markDirtyPeriods, periodsTouchedBy } from './dirty-periods';
import type { RawRow } from './raw-record';

const views = parsePipeline(
  `
sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - { name: t, source: events, window: { type: tumbling, size: 1m }, period: 10m, measures: { n: count } }
  - { name: h, source: events, window: { type: hopping, size: 5m, hop: 1m }, period: 10m, measures: { n: count } }
  - { name: s, source: events, window: { type: session, gap: 2m }, period: 10m, groupBy: [user_id], measures: { n: count } }
`,
  { env: {}, origin: 'test' },
).views as [ViewDefinition, ViewDefinition, ViewDefinition];

describe('periodsTouchedBy', () => {
  it('is the period of the window for a tumbling view', () => {
    expect(periodsTouchedBy(views[0], 615_000)).toEqual([600_000]);
  });

  it('includes the previous period when a hopping window starting there holds the event', () => {
    expect(periodsTouchedBy(views[1], 610_000)).toEqual([0, 600_000]);
    expect(periodsTouchedBy(views[1], 900_000)).toEqual([600_000]);
  });

  it('reaches one gap back for a session view, since a late event can extend the session before it', () => {
    expect(periodsTouchedBy(views[2], 650_000)).toEqual([0, 600_000]);
    expect(periodsTouchedBy(views[2], 800_000)).toEqual([600_000]);
  });
});

describe('contiguousRuns', () => {
  it('groups consecutive periods', () => {
    expect(contiguousRuns([0, 10, 20, 40, 60, 70], 10)).toEqual([
      { from: 0, to: 30 },
      { from: 40, to: 50 },
      { from: 60, to: 80 },
    ]);
    expect(contiguousRuns([], 10)).toEqual([]);
  });
});

describe('markDirtyPeriods', () => {
  const source = parsePipeline('sources:\n  events: { topic: events, key: user_id, timestamp: ts }\nviews: []', { env: {}, origin: 'test' }).sources['events'] as SourceDefinition;
  const row = (eventTime: number, user = 'u1'): RawRow => ({
    event_time: eventTime,
    event_id: `e${eventTime}`,
    event_key: user,
    kafka_partition: 0,
    kafka_offset: '0',
    landed_watermark: 0,
    raw: JSON.stringify({ user_id: user, ts: eventTime }),
  });

  it('marks only periods that are final or closed by the running cycle', async () => {
    const progress = new MemoryProgressStore();
    await progress.recordFinal('t', { periods: [600_000], generation: 1, finalizedAt: 0 });
    const stores = { progress, batch: new RecordingBatchStore() };
    // 0 is closed by the watermark, 600_000 is final, 1_200_000 is neither.
    const dirty = await markDirtyPeriods(stores, source, views[0], [row(30_000), row(615_000), row(1_215_000)], 600_000, 42);
    expect(dirty).toEqual([0, 600_000]);
    expect(await progress.dirtyPeriods('t')).toEqual([0, 600_000]);
    expect(progress.dirty.get('t')?.get(0)).toEqual({ dirty: true, at: 42 });
  });

  it('writes nothing when no touched period is final', async () => {
    const progress = new MemoryProgressStore();
    expect(await markDirtyPeriods({ progress, batch: new RecordingBatchStore() }, source, views[0], [row(30_000)], -Infinity, 42)).toEqual([]);
    expect(progress.dirty.size).toBe(0);
  });

  it('adds the periods of final sessions that a late event joins, asking by the session key', async () => {
    const progress = new MemoryProgressStore();
    await progress.recordFinal('s', { periods: [600_000], generation: 1, finalizedAt: 0 });
    const batch = new RecordingBatchStore();
    batch.joinedPeriods = [0];
    const dirty = await markDirtyPeriods({ progress, batch }, source, views[2], [row(650_000, 'u7')], -Infinity, 42);
    expect(dirty).toEqual([0, 600_000]);
    expect(batch.joinQueries).toEqual([{ keyField: 'user_id', events: [{ time: 650_000, key: 'u7' }] }]);
  });
});
