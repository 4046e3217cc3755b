import type { z } from 'zod';
import { isMeasureKind, MEASURE_KINDS } from '../aggregates/measure-kinds';
import { isWindowType, WINDOW_KINDS } from '../windows/window-kinds';

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Columns every served view has, so no group field or measure may take their names. */
export const RESERVED_COLUMNS = ['window_start', 'window_end', 'source', 'partition', 'version', 'is_deleted', 'period_start', 'generation'];

type Context = z.RefinementCtx;
type Path = (string | number)[];
type Loose = Record<string, unknown>;

/**
 * The rules that relate one part of the config to another: view names are
 * unique, sources exist, fields are declared, sessions live in one partition.
 * The input may be partly invalid (other issues were found), so every read is guarded.
 */
export function checkViews(config: unknown, ctx: Context): void {
  const root = asRecord(config);
  const sources = asRecord(root['sources']);
  const views = Array.isArray(root['views']) ? root['views'] : [];
  const firstIndexOfName = new Map<unknown, number>();
  views.forEach((entry: unknown, index: number) => {
    const view = asRecord(entry);
    const at = (...path: Path): Path => ['views', index, ...path];
    const earlier = firstIndexOfName.get(view['name']);
    if (earlier !== undefined) {
      addIssue(ctx, at('name'), `duplicates the name of views[${earlier}]; view names must be unique`);
    } else if (typeof view['name'] === 'string') {
      firstIndexOfName.set(view['name'], index);
    }
    const source = typeof view['source'] === 'string' ? asOptionalRecord(sources[view['source']]) : undefined;
    if (typeof view['source'] === 'string' && !source) {
      addIssue(ctx, at('source'), `is not a defined source; defined sources: ${Object.keys(sources).join(', ') || 'none'}`);
    }
    const groupBy = Array.isArray(view['groupBy']) ? (view['groupBy'] as unknown[]) : [];
    checkGroupBy(ctx, groupBy, at);
    checkMeasures(ctx, asRecord(view['measures']), groupBy, source, String(view['source']), at);
    checkWindow(ctx, asRecord(view['window']), view['period'], groupBy, source, at);
  });
}

/** An Avro source is read through a schema registry, so the pipeline must name one. */
export function checkSources(config: unknown, ctx: Context): void {
  const root = asRecord(config);
  const registry = asOptionalRecord(root['schemaRegistry']);
  for (const [name, entry] of Object.entries(asRecord(root['sources']))) {
    if (asRecord(entry)['format'] === 'avro' && typeof registry?.['url'] !== 'string') {
      addIssue(ctx, ['sources', name, 'format'], 'is avro, which needs schemaRegistry.url (the Confluent-compatible registry that holds the writer schemas)');
    }
  }
}

function checkGroupBy(ctx: Context, groupBy: unknown[], at: (...path: Path) => Path): void {
  groupBy.forEach((field, fieldIndex) => {
    if (groupBy.indexOf(field) !== fieldIndex) addIssue(ctx, at('groupBy', fieldIndex), `repeats group field ${String(field)}`);
    if (typeof field === 'string' && RESERVED_COLUMNS.includes(field)) {
      addIssue(ctx, at('groupBy', fieldIndex), `is a column name Sluice reserves (${RESERVED_COLUMNS.join(', ')})`);
    }
  });
}

function checkMeasures(
  ctx: Context,
  measures: Loose,
  groupBy: unknown[],
  source: Loose | undefined,
  sourceName: string,
  at: (...path: Path) => Path,
): void {
  const fields = asRecord(source?.['fields']);
  for (const [name, value] of Object.entries(measures)) {
    if (!IDENTIFIER.test(name)) {
      addIssue(ctx, at('measures', name), 'measure names must be identifiers: a letter or _, then letters, digits or _');
    } else if (RESERVED_COLUMNS.includes(name) || groupBy.includes(name)) {
      addIssue(ctx, at('measures', name), 'measure name clashes with a group field or a reserved column');
    }
    const measure = asRecord(value);
    const field = measure['field'];
    if (typeof field !== 'string' || Object.keys(fields).length === 0) continue;
    const declared = fields[field];
    if (declared === undefined) {
      addIssue(ctx, at('measures', name), `field ${field} is not declared in sources.${sourceName}.fields`);
    } else if (isMeasureKind(measure['kind']) && MEASURE_KINDS[measure['kind']].fieldRule === 'number' && declared !== 'number') {
      addIssue(ctx, at('measures', name), `${String(measure['kind'])} needs a number field, but ${field} is declared ${String(declared)}`);
    }
  }
}

function checkWindow(
  ctx: Context,
  window: Loose,
  period: unknown,
  groupBy: unknown[],
  source: Loose | undefined,
  at: (...path: Path) => Path,
): void {
  const type = window['type'];
  if (!isWindowType(type)) return;
  const sourceKey = typeof source?.['key'] === 'string' ? source['key'] : undefined;
  for (const issue of WINDOW_KINDS[type].configIssues({ window, period, groupBy, sourceKey })) addIssue(ctx, at(...issue.path), issue.message);
}

function addIssue(ctx: Context, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function asRecord(value: unknown): Loose {
  return asOptionalRecord(value) ?? {};
}

function asOptionalRecord(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}
