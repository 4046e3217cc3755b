import type { Measure, ViewDefinition } from '../config/types';
import { SERVED_TYPES, STATE_PARTS, stateColumnName } from './column-types';
import { batchTableName, finalTableName, servingViewName, speedTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier } from '../contracts/clickhouse-quoting';
import { measureKindOf } from '../aggregates/measure-kinds';
import type { MeasureMerge } from '../aggregates/measure-kind';

/**
 * SQL for the start of the batch period that contains `windowStartExpr`
 * (a DateTime64(3) expression): floor(window_start_ms / periodMs) * periodMs.
 */
export function periodStartSql(windowStartExpr: string, periodMs: number): string {
  const period = Math.trunc(periodMs);
  return `fromUnixTimestamp64Milli(toInt64(intDiv(toUnixTimestamp64Milli(${windowStartExpr}), ${period}) * ${period}), 'UTC')`;
}

/**
 * The merge of one measure, as its kind writes it. Aliases carry a
 * `__merged` suffix because ClickHouse substitutes aliases into expressions:
 * `sum(x) AS x` would turn a later reference to `x` into a nested aggregate.
 */
export function measureMerge(measure: Measure): MeasureMerge {
  const parts = STATE_PARTS[measure.kind].map((part) => quoteIdentifier(stateColumnName(measure, part)));
  return measureKindOf(measure).mergeSql(measure, parts, (suffix) => quoteIdentifier(`${measure.name}__${suffix}`));
}

/** The batch rows of the newest generation of every final period. */
function batchBranchSql(database: string, view: ViewDefinition): string {
  const columns = ['window_start', 'window_end', ...view.groupBy, ...view.measures.map((measure) => measure.name)].map(quoteIdentifier);
  return [
    `SELECT ${columns.join(', ')}, 'batch' AS \`source\``,
    `FROM ${qualifiedName(database, batchTableName(view.name))}`,
    `WHERE (\`period_start\`, \`generation\`) IN (SELECT \`period_start\`, max(\`generation\`) FROM ${qualifiedName(database, finalTableName(view.name))} GROUP BY \`period_start\`)`,
  ].join('\n');
}

/** Live speed rows, partial states merged across partitions, for windows whose period is not final. */
function speedBranchSql(database: string, view: ViewDefinition): string {
  const keys = ['window_start', 'window_end', ...view.groupBy].map(quoteIdentifier);
  const merges = view.measures.map((measure) => ({ measure, merge: measureMerge(measure) }));
  const steps = merges.flatMap(({ merge }) => merge.steps.map((step) => `${step.expression} AS ${step.alias}`));
  const served = merges.map(({ measure, merge }) => `CAST(${merge.served} AS ${SERVED_TYPES[measure.kind]}) AS ${quoteIdentifier(measure.name)}`);
  const finalPeriods = `SELECT \`period_start\` FROM ${qualifiedName(database, finalTableName(view.name))}`;
  return [
    `SELECT ${[...keys, ...served].join(', ')}, 'speed' AS \`source\``,
    'FROM (',
    `  SELECT ${[...keys, ...steps].join(', ')}`,
    `  FROM ${qualifiedName(database, speedTableName(view.name))} FINAL`,
    `  WHERE \`is_deleted\` = 0 AND ${periodStartSql('`window_start`', view.periodMs)} NOT IN (${finalPeriods})`,
    `  GROUP BY ${keys.join(', ')}`,
    ')',
  ].join('\n');
}

/**
 * `CREATE OR REPLACE VIEW` for the serving view `<database>.<view>`: batch
 * rows where batch has made the period final, speed rows everywhere else,
 * one row per (window, group), with a `source` column saying which.
 */
export function createServingViewSql(database: string, view: ViewDefinition): string {
  return [
    `CREATE OR REPLACE VIEW ${qualifiedName(database, servingViewName(view.name))} AS`,
    batchBranchSql(database, view),
    'UNION ALL',
    speedBranchSql(database, view),
  ].join('\n');
}
