import type { ViewDefinition } from '../config/types';
import { addBatchWindowIndexSql, createBatchTableSql } from './batch-table';

const view: ViewDefinition = {
  name: 'pages',
  source: 'events',
  where: {},
  window: { type: 'tumbling', sizeMs: 60_000 },
  latenessMs: 0,
  groupBy: ['page'],
  measures: [{ name: 'n', kind: 'count' }],
  periodMs: 3_600_000,
  maxGroupsPerWindow: 100_000,
};

describe('batch table', () => {
  it('indexes window_start per granule, so a query for recent windows skips the history behind them', () => {
    const sql = createBatchTableSql('db', view, 'layout');
    expect(sql).toContain('  INDEX `window_start_range` `window_start` TYPE minmax GRANULARITY 1\n)');
    expect(sql).toContain('PARTITION BY toYYYYMM(`period_start`)');
  });

  it('adds the same index to a table created without it, idempotently', () => {
    expect(addBatchWindowIndexSql('db', view)).toBe('ALTER TABLE `db`.`pages__batch` ADD INDEX IF NOT EXISTS `window_start_range` `window_start` TYPE minmax GRANULARITY 1');
  });
});
