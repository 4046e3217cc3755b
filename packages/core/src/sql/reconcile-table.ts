import type { ViewDefinition } from '../config/types';
import { windowStatsSql, type RecomputeRange } from './batch-recompute';
import { SERVED_TYPES } from './column-types';
import { batchTableName, reconcileTableName, speedTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier, quoteString } from '../contracts/clickhouse-quoting';
import { measureMerge } from './serving-view';

const BOUND = "DateTime64(3, 'UTC')";

/** Columns of V__reconcile in insert order. */
export function reconcileColumns(view: Pick<ViewDefinition, 'groupBy'>): { name: string; type: string }[] {
  return [
    { name: 'reconciled_at', type: BOUND },
    { name: 'generation', type: 'UInt64' },
    { name: 'period_start', type: BOUND },
    { name: 'window_start', type: BOUND },
    { name: 'window_end', type: BOUND },
    ...view.groupBy.map((name) => ({ name, type: 'String' })),
    { name: 'measure', type: 'String' },
    { name: 'batch_value', type: 'Nullable(Float64)' },
    { name: 'speed_value', type: 'Nullable(Float64)' },
    /** speed - batch, a missing side counting as 0. */
    { name: 'difference', type: 'Float64' },
    { name: 'in_batch', type: 'UInt8' },
    { name: 'in_speed', type: 'UInt8' },
    /** Records in the master dataset for this window and group, duplicates included. */
    { name: 'events', type: 'UInt64' },
    { name: 'duplicate_events', type: 'UInt64' },
    /** Records that landed after the speed layer had closed the window. */
    { name: 'late_events', type: 'UInt64' },
  ];
}

/**
 * DDL of V__reconcile: one row per (recomputation, window, group, measure),
 * leaving `retentionMs` after its recomputation (`retention.reconcile`; 0 keeps it).
 */
export function createReconcileTableSql(database: string, view: Pick<ViewDefinition, 'name' | 'groupBy'>, retentionMs = 0): string {
  const columns = reconcileColumns(view).map((column) => `  ${quoteIdentifier(column.name)} ${column.type}`);
  const ttl = retentionMs > 0 ? `\nTTL toDateTime(reconciled_at) + INTERVAL ${Math.max(1, Math.trunc(retentionMs / 1000))} SECOND DELETE` : '';
  return (
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(database, reconcileTableName(view.name))} (\n${columns.join(',\n')}\n)\n` +
    `ENGINE = MergeTree\nORDER BY (period_start, generation, window_start, measure)${ttl}`
  );
}

/**
 * Compares one generation of batch rows with the speed rows of the same
 * periods and writes the differences. `speedRowsSql` selects the merged speed
 * rows (window_start, window_end, group columns, served measures) of the view;
 * it is filtered here to the range. Rows are matched by window and group
 * through a UNION ALL and GROUP BY, so a window only one side has still shows.
 */
export function reconcileInsertSql(database: string, view: ViewDefinition, range: RecomputeRange, speedRowsSql: string): string {
  const groups = view.groupBy.map(quoteIdentifier);
  const measureValues = (prefix: string) =>
    view.measures.map((m) => `toNullable(toFloat64(${prefix}${quoteIdentifier(m.name)})) AS ${quoteIdentifier(`m_${m.name}`)}`);
  const noMeasures = view.measures.map((m) => `CAST(NULL, 'Nullable(Float64)') AS ${quoteIdentifier(`m_${m.name}`)}`);
  const keys = ['window_start', 'window_end', ...groups];
  const noStats = 'toUInt64(0) AS __events, toUInt64(0) AS __distinct_events, toUInt64(0) AS __late_events';
  const from = `fromUnixTimestamp64Milli(toInt64(${Math.trunc(range.fromMs)}), 'UTC')`;
  const to = `fromUnixTimestamp64Milli(toInt64(${Math.trunc(range.toMs)}), 'UTC')`;
  const batch =
    `SELECT 'batch' AS side, ${[...keys, ...measureValues(''), noStats].join(', ')}\n` +
    `  FROM ${qualifiedName(database, batchTableName(view.name))}\n` +
    `  WHERE generation = ${Math.trunc(range.generation)} AND period_start >= ${from} AND period_start < ${to}`;
  const speed =
    `SELECT 'speed' AS side, ${[...keys, ...measureValues('s.'), noStats].join(', ')}\n` +
    `  FROM (${speedRowsSql}) AS s\n  WHERE s.window_start >= ${from} AND s.window_start < ${to}`;
  const stats =
    `SELECT 'stats' AS side, fromUnixTimestamp64Milli(toInt64(ws), 'UTC') AS window_start, fromUnixTimestamp64Milli(toInt64(we), 'UTC') AS window_end, ` +
    `${[...groups, ...noMeasures].join(', ')}, __events, __distinct_events, __late_events\n  FROM (${windowStatsSql(database, view, range)})`;
  const merged = [
    ...keys,
    "max(side = 'batch') AS in_batch",
    "max(side = 'speed') AS in_speed",
    ...view.measures.flatMap((m) => {
      const column = quoteIdentifier(`m_${m.name}`);
      return [`anyIf(${column}, side = 'batch') AS ${quoteIdentifier(`b_${m.name}`)}`, `anyIf(${column}, side = 'speed') AS ${quoteIdentifier(`s_${m.name}`)}`];
    }),
    'sum(__events) AS __total_events',
    'sum(__events) - sum(__distinct_events) AS __total_duplicates',
    'sum(__late_events) AS __total_late',
  ];
  const pairs = view.measures
    .map((m) => `(${quoteString(m.name)}, ${quoteIdentifier(`b_${m.name}`)}, ${quoteIdentifier(`s_${m.name}`)})`)
    .join(', ');
  const period = `fromUnixTimestamp64Milli(toInt64(intDiv(toUnixTimestamp64Milli(window_start), ${view.periodMs}) * ${view.periodMs}), 'UTC')`;
  const columns = reconcileColumns(view).map((column) => quoteIdentifier(column.name)).join(', ');
  return (
    `INSERT INTO ${qualifiedName(database, reconcileTableName(view.name))} (${columns})\n` +
    `SELECT now64(3), toUInt64(${Math.trunc(range.generation)}), ${period}, ${keys.join(', ')},\n` +
    `  pair.1, pair.2, pair.3, ifNull(pair.3, 0) - ifNull(pair.2, 0), in_batch, in_speed, __total_events, __total_duplicates, __total_late\n` +
    `FROM (SELECT ${merged.join(',\n    ')}\n  FROM (${batch}\n  UNION ALL ${speed}\n  UNION ALL ${stats})\n  GROUP BY ${keys.join(', ')})\n` +
    `ARRAY JOIN [${pairs}] AS pair`
  );
}

/**
 * The speed layer's rows of a view for windows starting in `[fromMs, toMs)`:
 * partial states merged across partitions exactly as the serving view merges
 * them, but for every period, final or not, so batch can be held against them.
 */
export function mergedSpeedRowsSql(database: string, view: ViewDefinition, fromMs: number, toMs: number): string {
  const keys = ['window_start', 'window_end', ...view.groupBy].map(quoteIdentifier);
  const merges = view.measures.map((measure) => ({ measure, merge: measureMerge(measure) }));
  const steps = merges.flatMap(({ merge }) => merge.steps.map((step) => `${step.expression} AS ${step.alias}`));
  const served = merges.map(({ measure, merge }) => `CAST(${merge.served} AS ${SERVED_TYPES[measure.kind]}) AS ${quoteIdentifier(measure.name)}`);
  return (
    `SELECT ${[...keys, ...served].join(', ')}\nFROM (SELECT ${[...keys, ...steps].join(', ')}\n` +
    `  FROM ${qualifiedName(database, speedTableName(view.name))} FINAL\n` +
    `  WHERE is_deleted = 0 AND window_start >= fromUnixTimestamp64Milli(toInt64(${Math.trunc(fromMs)}), 'UTC')` +
    ` AND window_start < fromUnixTimestamp64Milli(toInt64(${Math.trunc(toMs)}), 'UTC')\n  GROUP BY ${keys.join(', ')})`
  );
}

/** Rows of the latest reconciliation of each period, optionally one measure only. */
function latestSql(database: string, view: string): string {
  const table = qualifiedName(database, reconcileTableName(view));
  return `SELECT * FROM ${table} WHERE (period_start, generation) IN (SELECT period_start, max(generation) FROM ${table} GROUP BY period_start)`;
}

/**
 * The reconciliation report of a view: per measure, over the latest
 * recomputation of every period, how many windows speed got wrong and by how much.
 */
export function reconcileReportSql(database: string, view: Pick<ViewDefinition, 'name' | 'measures'>): string {
  return (
    `SELECT measure, count() AS windows, countIf(abs(difference) > 1e-9 * greatest(1, abs(ifNull(batch_value, 0))) OR in_batch != in_speed) AS windows_differing,\n` +
    `  countIf(in_batch AND NOT in_speed) AS missing_in_speed, countIf(in_speed AND NOT in_batch) AS missing_in_batch,\n` +
    `  sum(ifNull(batch_value, 0)) AS batch_total, sum(ifNull(speed_value, 0)) AS speed_total, max(abs(difference)) AS max_abs_difference,\n` +
    `  sum(events) AS landed_events, sum(duplicate_events) AS duplicates, sum(late_events) AS late,\n` +
    `  if(landed_events = 0, 0, late / landed_events) AS late_share, if(landed_events = 0, 0, duplicates / landed_events) AS duplicate_share\n` +
    `FROM (${latestSql(database, view.name)})\nGROUP BY measure\nORDER BY measure`
  );
}
