import { MetricsRegistry, silentLogger } from '@sluice/core';
import { RestorePointGuard, type GuardedConsumer } from './restore-point-guard';

type Calls = { pause: unknown[]; resume: unknown[]; seek: unknown[] };

function guardOver(bounds: { partition: number; low: string; high: string }[], refusedResumes = 0) {
  const metrics = new MetricsRegistry();
  const counter = metrics.counter('sluice_aggregator_restore_point_lost_total', 'lost');
  const calls: Calls = { pause: [], resume: [], seek: [] };
  const consumer: GuardedConsumer = {
    pause: (topics) => void calls.pause.push(topics),
    resume: (topics) => {
      if (refusedResumes-- > 0) throw new Error('Consumer group was not initialized');
      calls.resume.push(topics);
    },
    seek: (position) => void calls.seek.push(position),
  };
  const admin = { fetchTopicOffsets: () => Promise.resolve(bounds.map((bound) => ({ ...bound, offset: bound.high }))) };
  const guard = new RestorePointGuard(admin, consumer, counter, () => 42, silentLogger);
  return { guard, metrics, calls };
}

describe('RestorePointGuard', () => {
  it('reports a lost restore point on /healthz and in the metric, seeks it to the earliest offset and restores from there', async () => {
    const { guard, metrics, calls } = guardOver([
      { partition: 0, low: '0', high: '50' },
      { partition: 1, low: '30', high: '50' },
    ]);
    const checked = await guard.check('events', new Map([[0, { offset: 10, nextOffset: 20, watermark: 1, checkpointed: false }], [1, { offset: 10, nextOffset: 20, watermark: 1, checkpointed: false }]]));
    expect(checked.get(0)).toEqual({ offset: 10, nextOffset: 20, watermark: 1, checkpointed: false });
    expect(checked.get(1)).toEqual({ offset: 30, nextOffset: 30, watermark: 1, checkpointed: false, hold: { through: undefined } });
    expect(calls.seek).toEqual([{ topic: 'events', partition: 1, offset: '30' }]);
    expect(guard.details()).toEqual({ restorePointsLost: [{ topic: 'events', partition: 1, cause: 'deleted', committed: 10, nextOffset: 20, earliest: 30, logEnd: 50, since: 42 }] });
    expect(metrics.render()).toContain('sluice_aggregator_restore_point_lost_total{topic="events",partition="1"} 1');
    expect(metrics.render()).not.toContain('partition="0"} 1');
  });

  it('holds an assignment paused until its positions are checked, then resumes it', async () => {
    const { guard, calls } = guardOver([]);
    let finish: () => void = () => undefined;
    const admitted = guard.admit({ events: [0, 1] }, () => new Promise<void>((resolve) => (finish = resolve)));
    expect(calls.pause).toEqual([[{ topic: 'events', partitions: [0, 1] }]]);
    expect(calls.resume).toEqual([]);
    finish();
    await admitted;
    expect(calls.resume).toEqual([[{ topic: 'events', partitions: [0, 1] }]]);
  });

  it('leaves the resume to a newer assignment that came meanwhile', async () => {
    const { guard, calls } = guardOver([]);
    let finish: () => void = () => undefined;
    const older = guard.admit({ events: [0, 1] }, () => new Promise<void>((resolve) => (finish = resolve)));
    await guard.admit({ events: [1] }, () => Promise.resolve());
    finish();
    await older;
    expect(calls.resume).toEqual([[{ topic: 'events', partitions: [1] }]]);
  });

  it('retries a refused resume, so a checked assignment is never left paused', async () => {
    const { guard, calls } = guardOver([], 1);
    await guard.admit({ events: [0] }, () => Promise.resolve());
    expect(calls.resume).toEqual([[{ topic: 'events', partitions: [0] }]]);
  });
});
