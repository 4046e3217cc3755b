import type { Measure, ViewDefinition } from '../config/types';
import { SERVED_TYPES, STATE_PARTS, stateColumnName } from './column-types';
import { batchTableName, finalTableName, servingViewName, speedTableName } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier } from '../contracts/clickhouse-quoting';
import { ddsketchQuantileSql, hllEstimateSql } from './sketch-sql';

/**
 * SQL for the start of the batch period that contains `windowStartExpr`
 * (a DateTime64(3) expression): floor(window_start_ms / periodMs) * periodMs.
 */
export function periodStartSql(windowStartExpr: string, periodMs: number): string {
  const period = Math.trunc(periodMs);
  return `fromUnixTimestamp64Milli(toInt64(intDiv(toUnixTimestamp64Milli(${windowStartExpr}), ${period}) * ${period}), 'UTC')`;
}

/** An aggregate that merges one measure's partial states across partitions, and its alias. */
interface MergeStep {
  readonly alias: string;
  readonly expression: string;
}

/** How one measure's partial states merge at read time, and how the merged state becomes its served value. */
interface MeasureMerge {
  readonly steps: readonly MergeStep[];
  readonly served: string;
}

/**
 * The merge of one measure. Aliases carry a `__merged` suffix because
 * ClickHouse substitutes aliases into expressions: `sum(x) AS x` would
 * turn a later reference to `x` into a nested aggregate.
 */
export function measureMerge(measure: Measure): MeasureMerge {
  const [first, second] = STATE_PARTS[measure.kind].map((part) => quoteIdentifier(stateColumnName(measure, part)));
  const merged = quoteIdentifier(`${measure.name}__merged`);
  const one = (aggregate: string): MeasureMerge => ({
    steps: [{ alias: merged, expression: `${aggregate}(${String(first)})` }],
    served: merged,
  });
  switch (measure.kind) {
    case 'count':
    case 'sum':
      return one('sum');
    case 'min':
    case 'max':
      return one(measure.kind);
    case 'avg': {
      const sum = quoteIdentifier(`${measure.name}__merged_sum`);
      const count = quoteIdentifier(`${measure.name}__merged_count`);
      return {
        steps: [
          { alias: sum, expression: `sum(${String(first)})` },
          { alias: count, expression: `sum(${String(second)})` },
        ],
        served: `if(${count} = 0, NULL, ${sum} / ${count})`,
      };
    }
    case 'uniq':
      return {
        steps: [{ alias: merged, expression: `maxMap(${String(first)}, ${String(second)})` }],
        served: hllEstimateSql(`tupleElement(${merged}, 1)`, `tupleElement(${merged}, 2)`),
      };
    case 'quantile':
      return {
        steps: [{ alias: merged, expression: `sumMap(${String(first)}, ${String(second)})` }],
        served: ddsketchQuantileSql(measure.q, `tupleElement(${merged}, 1)`, `tupleElement(${merged}, 2)`),
      };
  }
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
