import type { ViewDefinition } from '../config/types';
import { createServingViewSql, periodStartSql } from './serving-view';
import { createSpeedTableSql } from './speed-table';

const view: ViewDefinition = {
  name: 'revenue',
  source: 'events',
  where: {},
  window: { type: 'hopping', sizeMs: 300_000, hopMs: 60_000 },
  latenessMs: 0,
  groupBy: ['country code'],
  measures: [
    { name: 'total', kind: 'sum', field: 'amount' },
    { name: 'lowest', kind: 'min', field: 'amount' },
  ],
  periodMs: 3_600_000,
  maxGroupsPerWindow: 100_000,
};

describe('serving view SQL', () => {
  it('floors a window start to its period in milliseconds', () => {
    expect(periodStartSql('w', 3_600_000)).toBe("fromUnixTimestamp64Milli(toInt64(intDiv(toUnixTimestamp64Milli(w), 3600000) * 3600000), 'UTC')");
  });

  it('serves batch rows of final periods and merged speed rows elsewhere', () => {
    const sql = createServingViewSql('db', view);
    expect(sql).toContain("'batch' AS `source`");
    expect(sql).toContain('IN (SELECT `period_start`, max(`generation`) FROM `db`.`revenue__final` GROUP BY `period_start`)');
    expect(sql).toContain('FROM `db`.`revenue__speed` FINAL');
    expect(sql).toContain('sum(`total__sum`) AS `total__merged`');
    expect(sql).toContain('min(`lowest__min`) AS `lowest__merged`');
    expect(sql).toContain('CAST(`lowest__merged` AS Nullable(Float64)) AS `lowest`');
    expect(sql).toContain('GROUP BY `window_start`, `window_end`, `country code`');
  });

  it('quotes group fields in the speed table and keys it by window, group and partition', () => {
    const sql = createSpeedTableSql('db', view, 'c');
    expect(sql).toContain('`country code` String');
    expect(sql).toContain('ENGINE = ReplacingMergeTree(`version`, `is_deleted`)');
    expect(sql).toContain('ORDER BY (`window_start`, `country code`, `partition`)');
  });

  it('refuses a group field that clashes with a bookkeeping column', () => {
    expect(() => createSpeedTableSql('db', { ...view, groupBy: ['final'] }, 'c')).toThrow('column final would appear twice');
  });
});
