import { parsePipeline, type ViewDefinition } from '@sluice/core';
import { contiguousRuns } from './batch-cycle';
import { periodsTouchedBy } from './dirty-periods';

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
