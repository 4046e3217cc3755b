import { InvalidMeasureStateError, ROW_FIELD, ROW_KIND, checkMeasureState, packedRowLength, unpackRow, type MeasureState, type ViewDefinition, type WindowResult } from '@sluice/core';
import { UnusableResultError } from './sink-errors';

type Loose = Record<string, unknown>;

const ROW_KINDS: readonly unknown[] = Object.values(ROW_KIND);

/** One row of a results record: its window result, or why the sink cannot use it. */
export type ResultRowVerdict = { readonly ok: true; readonly result: WindowResult } | { readonly ok: false; readonly reason: string };

/**
 * Parses one results-topic value (a ResultPack, as the aggregator writes
 * them; or, as earlier versions wrote them, a JSON array of WindowResult
 * objects or one such object) into a verdict per row, in order, checking
 * every field against its view's definition, so that a row that passes can
 * always be inserted. A bad row costs only itself: its verdict says which row
 * is wrong and why. What makes the whole record unusable (not JSON, an
 * unknown view, other measures than the view's) throws UnusableResultError.
 */
export function decodeResultRows(value: Buffer | null, views: ReadonlyMap<string, ViewDefinition>): ResultRowVerdict[] {
  if (value === null || value.length === 0) throw new UnusableResultError('empty record value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new UnusableResultError(`value is not JSON: ${(error as Error).message}`, error);
  }
  if (isPack(parsed)) return unpackedResults(parsed, views);
  if (!Array.isArray(parsed)) return [verdictOf(() => windowResultOf(parsed, views, ''))];
  if (parsed.length === 0) throw new UnusableResultError('value is an empty array of results');
  return parsed.map((item: unknown, index) => verdictOf(() => windowResultOf(item, views, `results[${index}].`)));
}

/**
 * The WindowResults of one results-topic value, when every row is usable;
 * throws UnusableResultError naming the first row that is not.
 */
export function decodeWindowResults(value: Buffer | null, views: ReadonlyMap<string, ViewDefinition>): WindowResult[] {
  return decodeResultRows(value, views).map((verdict) => {
    if (!verdict.ok) throw new UnusableResultError(verdict.reason);
    return verdict.result;
  });
}

function verdictOf(decode: () => WindowResult): ResultRowVerdict {
  try {
    return { ok: true, result: decode() };
  } catch (error) {
    if (error instanceof UnusableResultError) return { ok: false, reason: error.message };
    throw error;
  }
}

function isPack(parsed: unknown): parsed is Loose {
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'rows' in parsed;
}

function unpackedResults(pack: Loose, views: ReadonlyMap<string, ViewDefinition>): ResultRowVerdict[] {
  const viewName = pack['view'];
  if (typeof viewName !== 'string') throw new UnusableResultError('view must be a string');
  const view = views.get(viewName);
  if (!view) throw new UnusableResultError(`view ${viewName} is not defined in this pipeline`);
  const partition = integer(pack['partition'], 'partition', 0, 65_535);
  const measures = view.measures.map((measure) => measure.name);
  if (JSON.stringify(pack['measures']) !== JSON.stringify(measures)) {
    throw new UnusableResultError(`measures ${JSON.stringify(pack['measures'])} are not view ${viewName}'s ${JSON.stringify(measures)}: the aggregator and the sink run different definitions of it`);
  }
  const rows = pack['rows'];
  if (!Array.isArray(rows) || rows.length === 0) throw new UnusableResultError('rows must be a non-empty array');
  const length = packedRowLength(view);
  return rows.map((row: unknown, index) =>
    verdictOf(() => {
      const at = `rows[${index}]`;
      if (!Array.isArray(row) || row.length !== length) throw new UnusableResultError(`${at} must be an array of ${length} values for view ${viewName}`);
      const kind: unknown = row[ROW_FIELD.kind];
      if (!ROW_KINDS.includes(kind)) throw new UnusableResultError(`${at}[${ROW_FIELD.kind}] (kind) must be one of ${ROW_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
      return windowResultOf(unpackRow(view, partition, row), views, `${at}: `);
    }),
  );
}

function windowResultOf(parsed: unknown, views: ReadonlyMap<string, ViewDefinition>, at: string): WindowResult {
  try {
    return checkedWindowResult(parsed, views);
  } catch (error) {
    if (error instanceof UnusableResultError && at !== '') throw new UnusableResultError(`${at}${error.message}`, error);
    throw error;
  }
}

function checkedWindowResult(parsed: unknown, views: ReadonlyMap<string, ViewDefinition>): WindowResult {
  const record = asObject(parsed, 'value');
  const viewName = record['view'];
  if (typeof viewName !== 'string') throw new UnusableResultError('view must be a string');
  const view = views.get(viewName);
  if (!view) throw new UnusableResultError(`view ${viewName} is not defined in this pipeline`);
  const windowStart = integer(record['windowStart'], 'windowStart', 0, Number.MAX_SAFE_INTEGER);
  const windowEnd = integer(record['windowEnd'], 'windowEnd', windowStart + 1, Number.MAX_SAFE_INTEGER);
  return {
    view: viewName,
    windowStart,
    windowEnd,
    group: groupValues(record['group'], view),
    partition: integer(record['partition'], 'partition', 0, 65_535),
    version: integer(record['version'], 'version', 0, Number.MAX_SAFE_INTEGER),
    final: boolean(record['final'], 'final'),
    retracted: boolean(record['retracted'], 'retracted'),
    states: measureStates(record['states'], view),
  };
}

function groupValues(value: unknown, view: ViewDefinition): string[] {
  if (!Array.isArray(value) || value.length !== view.groupBy.length || !value.every((item) => typeof item === 'string')) {
    throw new UnusableResultError(`group must be ${view.groupBy.length} strings (${view.groupBy.join(', ')})`);
  }
  return value as string[];
}

function measureStates(value: unknown, view: ViewDefinition): Record<string, MeasureState> {
  const states = asObject(value, 'states');
  const decoded: Record<string, MeasureState> = {};
  try {
    for (const measure of view.measures) decoded[measure.name] = checkMeasureState(measure, states[measure.name], `states.${measure.name}`);
  } catch (error) {
    if (error instanceof InvalidMeasureStateError) throw new UnusableResultError(error.message, error);
    throw error;
  }
  return decoded;
}

function asObject(value: unknown, at: string): Loose {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnusableResultError(`${at} must be an object`);
  return value as Loose;
}

function integer(value: unknown, at: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UnusableResultError(`${at} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function boolean(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw new UnusableResultError(`${at} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
