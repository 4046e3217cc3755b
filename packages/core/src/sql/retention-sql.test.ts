import { parsePipeline } from '../config/load';
import type { ViewDefinition } from '../config/types';
import { countFinalSpeedRowsSql, countSupersededGenerationsSql, dropFinalSpeedRowsSql, dropSupersededGenerationsSql } from './retention-sql';

const view = parsePipeline(
  'sources:\n  e: { topic: e, key: k, timestamp: ts }\nviews:\n  - { name: pages, source: e, window: { type: tumbling, size: 1m }, period: 10m, groupBy: [page], measures: { n: count } }\n',
  { env: {} },
).views[0] as ViewDefinition;
const CUTOFF = 1_700_000_000_000;

describe('retention SQL', () => {
  it('deletes speed rows only of periods made final at or before the cutoff, as the serving view names periods', () => {
    const sql = dropFinalSpeedRowsSql('db', view, CUTOFF);
    expect(sql).toBe(
      'DELETE FROM `db`.`pages__speed` WHERE ' +
        "fromUnixTimestamp64Milli(toInt64(intDiv(toUnixTimestamp64Milli(`window_start`), 600000) * 600000), 'UTC') IN " +
        "(SELECT `period_start` FROM `db`.`pages__final` WHERE `finalized_at` <= fromUnixTimestamp64Milli(toInt64(1700000000000), 'UTC'))",
    );
    expect(countFinalSpeedRowsSql('db', view, CUTOFF)).toBe(sql.replace('DELETE FROM', 'SELECT count() AS n FROM'));
  });

  it('deletes generations older than the served one of their period, once that one is final since the cutoff', () => {
    const sql = dropSupersededGenerationsSql('db', view, CUTOFF);
    expect(sql).toMatch(/^DELETE FROM `db`\.`pages__batch` WHERE \(`period_start`, `generation`\) IN \(SELECT `b`\.`period_start`, `b`\.`generation`/);
    expect(sql).toContain('max(`generation`) AS `served`, argMax(`finalized_at`, `generation`) AS `since` FROM `db`.`pages__final` GROUP BY `period_start`');
    // Strictly older than the served generation: the served one and any newer one being written stay.
    expect(sql).toContain("WHERE `b`.`generation` < `f`.`served` AND `f`.`since` <= fromUnixTimestamp64Milli(toInt64(1700000000000), 'UTC')");
    expect(countSupersededGenerationsSql('db', view, CUTOFF)).toMatch(/^SELECT count\(\) AS n FROM \(SELECT `b`\.`period_start`/);
  });
});
