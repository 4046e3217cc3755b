import { parsePipeline } from '../config/load';
import type { ViewDefinition } from '../config/types';
import { batchColumns, batchInsertSql, batchSelectSql, periodCloseBoundMs, periodReachMs, periodStartOf, scanRangeOf, sessionReachSql, windowStatsSql } from './batch-recompute';

const config = parsePipeline(
  `
sources:
  events: { topic: events, key: user_id, timestamp: ts }
views:
  - name: pages
    source: events
    where: { type: [page_view, 200, true] }
    window: { type: tumbling, size: 1m }
    lateness: 30s
    period: 10m
    groupBy: [page, country]
    measures: { views: count, users: uniq(user_id), total: sum(amount), low: min(amount), high: max(amount), mean: avg(amount), p95: "quantile(0.95, latency_ms)" }
  - name: revenue
    source: events
    window: { type: hopping, size: 5m, hop: 1m }
    period: 10m
    measures: { n: count }
  - name: visits
    source: events
    window: { type: session, gap: 2m }
    lateness: 5s
    period: 10m
    groupBy: [user_id]
    measures: { n: count }
`,
  { env: {}, origin: 'test' },
);
const [pages, revenue, visits] = config.views as [ViewDefinition, ViewDefinition, ViewDefinition];
const range = { fromMs: 600_000, toMs: 1_800_000, generation: 42 };

describe('period arithmetic', () => {
  it('puts a window in the period of its start', () => {
    expect(periodStartOf(pages, 599_999)).toBe(0);
    expect(periodStartOf(pages, 600_000)).toBe(600_000);
  });

  it('closes a period when its last window ends past the lateness', () => {
    expect(periodReachMs(pages)).toBe(0);
    expect(periodReachMs(revenue)).toBe(240_000);
    expect(periodReachMs(visits)).toBe(120_000);
    expect(periodCloseBoundMs(pages, 0)).toBe(600_000 + 30_000);
    expect(periodCloseBoundMs(revenue, 0)).toBe(600_000 + 240_000);
    expect(periodCloseBoundMs(visits, 0)).toBe(600_000 + 120_000 + 5_000);
  });

  it('scans a hopping period past its end and a session period from one gap before it', () => {
    expect(scanRangeOf(pages, 0, 600_000)).toEqual({ lo: 0, hi: 600_000 });
    expect(scanRangeOf(revenue, 0, 600_000)).toEqual({ lo: 0, hi: 840_000 });
    expect(scanRangeOf(visits, 600_000, 1_200_000)).toEqual({ lo: 480_000, hi: undefined });
  });
});

describe('batchSelectSql', () => {
  const sql = batchSelectSql('db', pages, range);

  it('reads the raw table of the source over the period range only', () => {
    expect(sql).toContain('FROM `db`.`events__raw`');
    expect(sql).toContain("event_time >= fromUnixTimestamp64Milli(toInt64(600000), 'UTC')");
    expect(sql).toContain("event_time < fromUnixTimestamp64Milli(toInt64(1800000), 'UTC')");
  });

  it('counts each event id once and compares where values as text', () => {
    expect(sql).toContain('LIMIT 1 BY event_id');
    expect(sql).toContain("JSONExtract(raw, 'type', 'Nullable(String)') IN ('page_view', '200', 'true')");
  });

  it('computes every measure exactly', () => {
    expect(sql).toContain('count() AS `views`');
    expect(sql).toMatch(/uniqExact\(`f_\d+`\) AS `users`/);
    expect(sql).toMatch(/quantileExact\(0\.95\)\(`n_\d+`\) AS `p95`/);
    expect(sql).toMatch(/toFloat64\(ifNull\(sum\(`n_\d+`\), 0\)\) AS `total`/);
    expect(sql).toMatch(/toFloat64OrNull\(`f_\d+`\) AS `n_\d+`/);
  });

  it('stamps the period and generation', () => {
    expect(sql).toContain("fromUnixTimestamp64Milli(toInt64(intDiv(ws, 600000) * 600000), 'UTC') AS period_start");
    expect(sql).toContain('toUInt64(42) AS generation');
  });

  it('assigns hopping windows with arrayJoin and sessions with window functions', () => {
    expect(batchSelectSql('db', revenue, range)).toContain('arrayJoin(arrayMap(i -> intDiv(ts, 60000) * 60000 - i * 60000, range(5)))');
    const session = batchSelectSql('db', visits, range);
    expect(session).toContain('lagInFrame(ts)');
    expect(session).toContain('>= 120000');
    expect(session).toContain('GROUP BY `user_id`, session_id');
    expect(session).toContain('HAVING min(ts) >= 600000 AND min(ts) < 1800000');
    expect(sessionReachSql('db', visits, range)).toContain('QUALIFY ws >= 600000 AND ws < 1800000');
  });

  it('quotes identifiers so field names cannot break out', () => {
    const odd = { ...pages, where: {}, groupBy: ['a`b'], measures: [{ name: 'n', kind: 'count' as const }] };
    expect(batchSelectSql('db', odd, range)).toContain('`a\\`b`');
  });
});

describe('batchInsertSql', () => {
  it('inserts into the view batch table in its column order', () => {
    expect(batchColumns(pages)).toEqual(['window_start', 'window_end', 'page', 'country', 'views', 'users', 'total', 'low', 'high', 'mean', 'p95', 'period_start', 'generation']);
    expect(batchInsertSql('db', pages, range)).toMatch(/^INSERT INTO `db`\.`pages__batch` \(`window_start`, `window_end`, `page`/);
  });
});

describe('session reach and window stats', () => {
  it('reads the latest session end of each period', () => {
    expect(sessionReachSql('db', visits, { fromMs: 0, toMs: 600_000 })).toMatch(/^SELECT intDiv\(ws, 600000\) \* 600000 AS period, max\(we\) AS reach/);
  });

  it('counts landed copies, distinct ids and late landings per window', () => {
    const sql = windowStatsSql('db', pages, { fromMs: 0, toMs: 600_000 });
    expect(sql).not.toContain('LIMIT 1 BY');
    expect(sql).toContain('uniqExact(kafka_partition, kafka_offset) AS __events');
    expect(sql).toContain('toUnixTimestamp64Milli(landed_watermark) >= we + 30000');
  });
});
