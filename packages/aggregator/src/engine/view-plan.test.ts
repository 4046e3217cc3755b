import type { SourceDefinition } from '@sluice/core';
import { testView } from './test-views';
import { fieldsRead, type ViewPlan } from './view-plan';

describe('fieldsRead', () => {
  it('lists the time field and every field a view filters, groups or measures by, once each', () => {
    const source = { name: 'events', topic: 'events', timestamp: 'ts' } as SourceDefinition;
    const views = [
      testView({ type: 'tumbling', sizeMs: 60_000 }, { where: { type: ['click'] }, groupBy: ['page', 'user'] }),
      testView({ type: 'session', gapMs: 1_000 }, { measures: [{ name: 'p95', kind: 'quantile', field: 'latency_ms', q: 0.95 }, { name: 'n', kind: 'count' }] }),
    ].map((view) => ({ view }) as ViewPlan);
    expect(fieldsRead({ source, views }).sort()).toEqual(['amount', 'latency_ms', 'page', 'ts', 'type', 'user']);
  });
});
