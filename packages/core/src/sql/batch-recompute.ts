import type { Measure, ViewDefinition } from '../config/types';
import { groupValueString } from '../event/group-key';
import { measureKindOf } from '../aggregates/measure-kinds';
import { windowKindOf } from '../windows/window-kinds';
import type { WindowScanSql } from '../windows/window-kind';
import { batchTableName, rawTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier, quoteString } from '../contracts/clickhouse-quoting';

/** A range of whole periods, `[fromMs, toMs)`, recomputed as one generation. */
export interface RecomputeRange {
  readonly fromMs: number;
  readonly toMs: number;
  readonly generation: number;
}

/** Which events a windowed scan reads: all copies, or each event_id once. */
interface ScanOptions {
  readonly dedup: boolean;
  /** Raw columns passed through next to the view's fields. */
  readonly extraColumns: readonly string[];
}


/** The period holding a window start, epoch ms. */
export function periodStartOf(view: Pick<ViewDefinition, 'periodMs'>, windowStartMs: number): number {
  return Math.floor(windowStartMs / view.periodMs) * view.periodMs;
}

/**
 * How far past a period's end its last window reaches: a hopping window that
 * starts in the period ends size - hop later; a session may grow by one gap.
 */
export function periodReachMs(view: Pick<ViewDefinition, 'window'>): number {
  return windowKindOf(view.window).periodReachMs(view.window);
}

/**
 * The watermark at which a period is closed: its last window's end plus the
 * view's lateness. A session view additionally needs its sessions ended,
 * which sessionReachSql checks.
 */
export function periodCloseBoundMs(view: Pick<ViewDefinition, 'window' | 'periodMs' | 'latenessMs'>, periodStartMs: number): number {
  return periodStartMs + view.periodMs + periodReachMs(view) + view.latenessMs;
}

/** The event-time range a recomputation of `[fromMs, toMs)` must read; sessions read up to `untilMs`. */
export function scanRangeOf(view: ViewDefinition, fromMs: number, toMs: number, untilMs?: number): { lo: number; hi: number | undefined } {
  return windowKindOf(view.window).sql.scanRange(view.window, fromMs, toMs, untilMs);
}

/** Every event field a view reads, each once, in a stable order. */
function fieldsOf(view: ViewDefinition): string[] {
  const fields = new Set<string>([...Object.keys(view.where), ...view.groupBy]);
  for (const measure of view.measures) if ('field' in measure && measureKindOf(measure).fieldRule !== 'none') fields.add(measure.field);
  return [...fields];
}

/** Fields that numeric measures read. */
function numericFieldsOf(view: ViewDefinition): string[] {
  return [...new Set(view.measures.flatMap((m) => ('field' in m && measureKindOf(m).fieldRule === 'number' ? [m.field] : [])))];
}

/** Column alias of a field's numeric value inside the generated subqueries. */
function numberColumn(fields: readonly string[], field: string): string {
  return quoteIdentifier(`n_${fields.indexOf(field)}`);
}

/** Column alias of an extracted field inside the generated subqueries. */
function fieldColumn(fields: readonly string[], field: string): string {
  return quoteIdentifier(`f_${fields.indexOf(field)}`);
}

function msLiteral(ms: number): string {
  return `fromUnixTimestamp64Milli(toInt64(${Math.trunc(ms)}), 'UTC')`;
}

/**
 * Events of the scan range: each field extracted once as text (numbers as
 * String() writes them, booleans true/false, missing or null as NULL), the
 * view's `where` applied, and optionally each event_id kept once.
 */
function eventsSql(database: string, view: ViewDefinition, lo: number, hi: number | undefined, options: ScanOptions): string {
  const fields = fieldsOf(view);
  const tuple = fields.map((field) => `${quoteIdentifier(field)} Nullable(String)`).join(', ');
  const extracted = fields.length === 0 ? '' : `, JSONExtract(raw, ${quoteString(`Tuple(${tuple})`)}) AS fields`;
  const columns = fields.map((field) => `tupleElement(fields, ${quoteString(field)}) AS ${fieldColumn(fields, field)}`);
  // Numbers and plain decimal strings count, as toMeasureNumber reads them; booleans, words, inf and nan are NULL
  // and skipped. Converted once per field, however many measures read it.
  const numeric = numericFieldsOf(view).map((field) => `toFloat64OrNull(${fieldColumn(fields, field)}) AS ${numberColumn(fields, field)}`);
  // The filter reads only its own fields, so rows it drops are never parsed in full.
  const where = Object.entries(view.where).map(([field, allowed]) => {
    const texts = allowed.map((value) => quoteString(groupValueString(value))).join(', ');
    return `JSONExtract(raw, ${quoteString(field)}, 'Nullable(String)') IN (${texts})`;
  });
  const range = [`event_time >= ${msLiteral(lo)}`, ...(hi === undefined ? [] : [`event_time < ${msLiteral(hi)}`])];
  const passed = ['event_id', ...options.extraColumns].join(', ');
  const outer = ['ts', ...['event_id', ...options.extraColumns], ...columns, ...numeric].join(', ');
  return (
    `SELECT ${outer}\n  FROM (SELECT toUnixTimestamp64Milli(event_time) AS ts, ${passed}${extracted}\n` +
    `    FROM ${qualifiedName(database, rawTableName(view.source))}\n    WHERE ${[...range, ...where].join(' AND ')})` +
    (options.dedup ? '\n  LIMIT 1 BY event_id' : '')
  );
}

/** Group columns of the windowed rows: the text of each group field, '' when missing. */
function groupSelect(view: ViewDefinition): string[] {
  const fields = fieldsOf(view);
  return view.groupBy.map((field) => `ifNull(${fieldColumn(fields, field)}, '') AS ${quoteIdentifier(field)}`);
}

/** The parts of a windowed scan of `range` that a window kind's SQL is built from. */
function windowScan(database: string, view: ViewDefinition, range: Omit<RecomputeRange, 'generation'>, options: ScanOptions, untilMs?: number): WindowScanSql {
  const { lo, hi } = scanRangeOf(view, range.fromMs, range.toMs, untilMs);
  return {
    events: eventsSql(database, view, lo, hi, options),
    grouped: ['*', ...groupSelect(view)].join(', '),
    groups: view.groupBy.map(quoteIdentifier),
    inRange: `ws >= ${Math.trunc(range.fromMs)} AND ws < ${Math.trunc(range.toMs)}`,
    fromMs: range.fromMs,
    toMs: range.toMs,
  };
}

/** Rows of (ws, we, group columns, event columns): one per event and window holding it, as the view's window kind assigns them. */
function windowedSql(database: string, view: ViewDefinition, range: Omit<RecomputeRange, 'generation'>, options: ScanOptions, untilMs?: number): string {
  return windowKindOf(view.window).sql.windowedRows(view.window, windowScan(database, view, range, options, untilMs));
}

/** The exact aggregate of one measure over the windowed rows, as its kind writes it. */
function measureSql(view: ViewDefinition, measure: Measure): string {
  const fields = fieldsOf(view);
  return measureKindOf(measure).exactSql(measure, { text: (field) => fieldColumn(fields, field), number: (field) => numberColumn(fields, field) });
}

/** Columns of V__batch in insert order. */
export function batchColumns(view: ViewDefinition): string[] {
  return ['window_start', 'window_end', ...view.groupBy, ...view.measures.map((m) => m.name), 'period_start', 'generation'];
}

/**
 * The exact batch rows of a view for the periods in `range`, generated from
 * the view definition: the same `where`, windows, groups and measures as the
 * speed layer, but over the master dataset with each event_id counted once,
 * uniq and quantile exact (quantile = sorted value at floor(q * n)).
 */
export function batchSelectSql(database: string, view: ViewDefinition, range: RecomputeRange, untilMs?: number): string {
  const scan = windowScan(database, view, range, { dedup: true, extraColumns: [] }, untilMs);
  const { rows, start, end, keys, having } = windowKindOf(view.window).sql.batchWindowing(view.window, scan);
  const select = [
    `fromUnixTimestamp64Milli(toInt64(${start}), 'UTC') AS window_start`,
    `fromUnixTimestamp64Milli(toInt64(${end}), 'UTC') AS window_end`,
    ...scan.groups,
    ...view.measures.map((measure) => `${measureSql(view, measure)} AS ${quoteIdentifier(measure.name)}`),
    `fromUnixTimestamp64Milli(toInt64(intDiv(${start}, ${view.periodMs}) * ${view.periodMs}), 'UTC') AS period_start`,
    `toUInt64(${Math.trunc(range.generation)}) AS generation`,
  ];
  return `SELECT ${select.join(',\n  ')}\nFROM (${rows})\nGROUP BY ${keys.join(', ')}${having}`;
}

/** Writes the batch rows of `range` as a new generation of V__batch. */
export function batchInsertSql(database: string, view: ViewDefinition, range: RecomputeRange, untilMs?: number): string {
  const columns = batchColumns(view).map(quoteIdentifier).join(', ');
  return `INSERT INTO ${qualifiedName(database, batchTableName(view.name))} (${columns})\n${batchSelectSql(database, view, range, untilMs)}`;
}

/**
 * For a session view: per period of `range`, the latest end among the
 * sessions that start in it (periods without sessions are absent), so a
 * period closes only when its sessions can no longer grow.
 */
export function sessionReachSql(database: string, view: ViewDefinition, range: Omit<RecomputeRange, 'generation'>): string {
  const windowed = windowedSql(database, view, range, { dedup: true, extraColumns: [] });
  return `SELECT intDiv(ws, ${view.periodMs}) * ${view.periodMs} AS period, max(we) AS reach FROM (${windowed}) GROUP BY period ORDER BY period`;
}

/**
 * Per window and group, what the raw table holds before deduplication:
 * every landed record, distinct event ids, and records that landed after
 * their window had closed (late for the speed layer).
 */
export function windowStatsSql(database: string, view: ViewDefinition, range: Omit<RecomputeRange, 'generation'>): string {
  const windowed = windowedSql(database, view, range, { dedup: false, extraColumns: ['kafka_partition', 'kafka_offset', 'landed_watermark'] });
  const keys = ['ws', 'we', ...view.groupBy.map(quoteIdentifier)].join(', ');
  return (
    `SELECT ws, we, ${view.groupBy.map(quoteIdentifier).join(', ')}${view.groupBy.length ? ', ' : ''}` +
    `uniqExact(kafka_partition, kafka_offset) AS __events, uniqExact(event_id) AS __distinct_events,\n` +
    `  uniqExactIf((kafka_partition, kafka_offset), toUnixTimestamp64Milli(landed_watermark) >= we + ${view.latenessMs}) AS __late_events\n` +
    `FROM (${windowed})\nGROUP BY ${keys}`
  );
}

// The batch layer's SQL is used as one unit, so its three modules are exported together from here.
export { createRawTableSql, rawInsertToken, RAW_COLUMNS, RAW_DEDUPLICATION_WINDOW } from './raw-table';
export { reconcileColumns, createReconcileTableSql, reconcileInsertSql, reconcileReportSql, mergedSpeedRowsSql } from './reconcile-table';
