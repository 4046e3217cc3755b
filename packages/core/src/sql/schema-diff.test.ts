import type { ViewDefinition } from '../config/types';
import { batchTableColumns, batchTableKey } from './batch-table';
import { finalTableColumns } from './final-table';
import { planViewSchema, viewLayoutComment, type ExistingTable } from './schema-diff';
import { speedTableColumns, speedTableKey } from './speed-table';

const view: ViewDefinition = {
  name: 'page_views_1m',
  source: 'events',
  where: {},
  window: { type: 'tumbling', sizeMs: 60_000 },
  latenessMs: 30_000,
  groupBy: ['page', 'country'],
  measures: [
    { name: 'views', kind: 'count' },
    { name: 'users', kind: 'uniq', field: 'user_id' },
    { name: 'avg_ms', kind: 'avg', field: 'latency_ms' },
  ],
  periodMs: 3_600_000,
  maxGroupsPerWindow: 100_000,
};

function existingFor(definition: ViewDefinition) {
  const comment = viewLayoutComment(definition);
  const speed: ExistingTable = { columns: speedTableColumns(definition), comment, sortingKey: speedTableKey(definition) };
  const batch: ExistingTable = { columns: batchTableColumns(definition), comment, sortingKey: batchTableKey(definition) };
  const final: ExistingTable = { columns: finalTableColumns(), comment: '', sortingKey: ['period_start'] };
  return { speed, batch, final };
}

describe('planViewSchema', () => {
  it('creates the three tables and the serving view of a new view', () => {
    const plan = planViewSchema('sluice', view, {});
    expect(plan.problems).toEqual([]);
    expect(plan.statements.map((sql) => sql.split('\n')[0])).toEqual([
      'CREATE TABLE IF NOT EXISTS `sluice`.`page_views_1m__speed`',
      'CREATE TABLE IF NOT EXISTS `sluice`.`page_views_1m__batch`',
      'CREATE TABLE IF NOT EXISTS `sluice`.`page_views_1m__final`',
      'CREATE OR REPLACE VIEW `sluice`.`page_views_1m` AS',
    ]);
  });

  it('only replaces the serving view when the tables already match', () => {
    const plan = planViewSchema('sluice', view, existingFor(view));
    expect(plan.problems).toEqual([]);
    expect(plan.statements).toHaveLength(1);
  });

  it('adds the columns of a new measure', () => {
    const grown: ViewDefinition = { ...view, measures: [...view.measures, { name: 'p95_ms', kind: 'quantile', field: 'latency_ms', q: 0.95 }] };
    const plan = planViewSchema('sluice', grown, existingFor(view));
    expect(plan.problems).toEqual([]);
    expect(plan.statements.filter((sql) => sql.startsWith('ALTER'))).toEqual([
      'ALTER TABLE `sluice`.`page_views_1m__speed` ADD COLUMN IF NOT EXISTS `p95_ms__keys` Array(Int16)',
      'ALTER TABLE `sluice`.`page_views_1m__speed` ADD COLUMN IF NOT EXISTS `p95_ms__counts` Array(UInt64)',
      'ALTER TABLE `sluice`.`page_views_1m__batch` ADD COLUMN IF NOT EXISTS `p95_ms` Nullable(Float64)',
    ]);
  });

  it('refuses a measure whose kind changed, saying which', () => {
    const changed: ViewDefinition = { ...view, measures: [{ name: 'views', kind: 'avg', field: 'latency_ms' }, ...view.measures.slice(1)] };
    const plan = planViewSchema('sluice', changed, existingFor(view));
    expect(plan.statements).toEqual([]);
    expect(plan.problems.join('\n')).toContain('measure views changed to avg');
  });

  it('refuses changed group fields and a changed window', () => {
    const regrouped: ViewDefinition = { ...view, groupBy: ['page'], window: { type: 'tumbling', sizeMs: 300_000 } };
    const problems = planViewSchema('sluice', regrouped, existingFor(view)).problems.join('\n');
    expect(problems).toContain('sorted by (window_start, page, country, partition) but the view now needs (window_start, page, partition)');
    expect(problems).toContain('computed with window tumbling 60000ms, period 3600000ms; the view now asks for window tumbling 300000ms');
  });
});
