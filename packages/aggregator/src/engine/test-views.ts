import type { Measure, ViewDefinition, WindowSpec } from '@sluice/core';

/** A view definition for engine unit tests: count and sum(amount) by user. */
export function testView(window: WindowSpec, overrides: Partial<ViewDefinition> = {}): ViewDefinition {
  const measures: Measure[] = [
    { name: 'events', kind: 'count' },
    { name: 'amount', kind: 'sum', field: 'amount' },
  ];
  return { name: 'v', source: 'events', where: {}, window, latenessMs: 5_000, groupBy: ['user'], measures, periodMs: 3_600_000, maxGroupsPerWindow: 100_000, ...overrides };
}
