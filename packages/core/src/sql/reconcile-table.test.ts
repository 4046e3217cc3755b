import { parsePipeline } from '../config/load';
import type { ViewDefinition } from '../config/types';
import { reconcileTableName } from '../contracts/clickhouse-objects';
import { createReconcileTableSql, mergedSpeedRowsSql, reconcileInsertSql, reconcileReportSql } from './reconcile-table';

const [view] = parsePipeline(
  `
sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - name: pages
    source: events
    window: { type: tumbling, size: 1m }
    period: 10m
    groupBy: [page]
    measures: { events: count, revenue: sum(amount) }
`,
  { env: {}, origin: 'test' },
).views as [ViewDefinition];

describe('reconcile table', () => {
  it('has one row per window, group and measure', () => {
    const sql = createReconcileTableSql('db', view);
    expect(reconcileTableName('pages')).toBe('pages__reconcile');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS `db`.`pages__reconcile`');
    for (const column of ['`page` String', '`measure` String', '`batch_value` Nullable(Float64)', '`speed_value` Nullable(Float64)', '`late_events` UInt64', '`duplicate_events` UInt64']) {
      expect(sql).toContain(column);
    }
  });

  it('keeps its rows for retention.reconcile after their recomputation, or forever at 0', () => {
    expect(createReconcileTableSql('db', view, 30 * 86_400_000)).toContain('TTL toDateTime(reconciled_at) + INTERVAL 2592000 SECOND DELETE');
    expect(createReconcileTableSql('db', view, 0)).not.toContain('TTL');
  });

  it('matches batch and speed rows of one generation by window and group, a measure named events included', () => {
    const sql = reconcileInsertSql('db', view, { fromMs: 0, toMs: 600_000, generation: 9 }, 'SELECT 1');
    expect(sql).toContain('WHERE generation = 9');
    expect(sql).toContain('UNION ALL');
    expect(sql).toContain("ARRAY JOIN [('events', `b_events`, `s_events`), ('revenue', `b_revenue`, `s_revenue`)] AS pair");
    expect(sql).toContain('sum(__events) AS __total_events');
  });

  it('merges speed partial states across partitions for any period', () => {
    const sql = mergedSpeedRowsSql('db', view, 0, 600_000);
    expect(sql).toContain('FROM `db`.`pages__speed` FINAL');
    expect(sql).toContain('is_deleted = 0');
    expect(sql).not.toContain('__final');
  });

  it('reports the latest reconciliation of each period', () => {
    expect(reconcileReportSql('db', view)).toContain('(period_start, generation) IN (SELECT period_start, max(generation)');
  });
});
