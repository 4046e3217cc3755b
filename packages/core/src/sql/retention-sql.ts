import type { ViewDefinition } from '../config/types';
import { batchTableName, finalTableName, speedTableName } from '../contracts/clickhouse-objects';
import { qualifiedName } from '../contracts/clickhouse-quoting';
import { periodStartSql } from './serving-view';

/**
 * Retention of a view's rows, by lightweight DELETE (bench/retention: about
 * the cost of a TTL, which cannot see which periods batch made final, and
 * cheaper than partition drops, which need a partition per period). Each statement
 * comes with a count of what it would delete, so a cycle with nothing to drop
 * issues no delete at all.
 */

function instant(ms: number): string {
  return `fromUnixTimestamp64Milli(toInt64(${Math.trunc(ms)}), 'UTC')`;
}

/** The periods batch made final at or before `finalizedBeforeMs`. */
function periodsFinalBefore(database: string, view: ViewDefinition, finalizedBeforeMs: number): string {
  return `SELECT \`period_start\` FROM ${qualifiedName(database, finalTableName(view.name))} WHERE \`finalized_at\` <= ${instant(finalizedBeforeMs)}`;
}

function finalSpeedRowsCondition(database: string, view: ViewDefinition, finalizedBeforeMs: number): string {
  return `${periodStartSql('`window_start`', view.periodMs)} IN (${periodsFinalBefore(database, view, finalizedBeforeMs)})`;
}

/** How many speed rows of periods final since `finalizedBeforeMs` are left (the serving view reads none of them). */
export function countFinalSpeedRowsSql(database: string, view: ViewDefinition, finalizedBeforeMs: number): string {
  return `SELECT count() AS n FROM ${qualifiedName(database, speedTableName(view.name))} WHERE ${finalSpeedRowsCondition(database, view, finalizedBeforeMs)}`;
}

/** Deletes the speed rows of periods final since `finalizedBeforeMs` (`retention.speedAfterFinal`). */
export function dropFinalSpeedRowsSql(database: string, view: ViewDefinition, finalizedBeforeMs: number): string {
  return `DELETE FROM ${qualifiedName(database, speedTableName(view.name))} WHERE ${finalSpeedRowsCondition(database, view, finalizedBeforeMs)}`;
}

/**
 * The (period, generation) pairs of batch rows that a newer generation
 * serves since `supersededBeforeMs`. The serving view reads only the newest
 * generation `<view>__final` names, so no reader sees these; a generation
 * newer than the served one (being written, or left by a failed run) stays
 * until one after it is made final.
 */
function supersededGenerations(database: string, view: ViewDefinition, supersededBeforeMs: number): string {
  return [
    'SELECT `b`.`period_start`, `b`.`generation`',
    `FROM (SELECT DISTINCT \`period_start\`, \`generation\` FROM ${qualifiedName(database, batchTableName(view.name))}) AS \`b\``,
    `INNER JOIN (SELECT \`period_start\`, max(\`generation\`) AS \`served\`, argMax(\`finalized_at\`, \`generation\`) AS \`since\` FROM ${qualifiedName(database, finalTableName(view.name))} GROUP BY \`period_start\`) AS \`f\``,
    'ON `b`.`period_start` = `f`.`period_start`',
    `WHERE \`b\`.\`generation\` < \`f\`.\`served\` AND \`f\`.\`since\` <= ${instant(supersededBeforeMs)}`,
  ].join('\n');
}

/** How many superseded (period, generation) pairs are left in the batch table. */
export function countSupersededGenerationsSql(database: string, view: ViewDefinition, supersededBeforeMs: number): string {
  return `SELECT count() AS n FROM (${supersededGenerations(database, view, supersededBeforeMs)})`;
}

/** Deletes the batch rows of superseded generations (`retention.batchGenerations`). */
export function dropSupersededGenerationsSql(database: string, view: ViewDefinition, supersededBeforeMs: number): string {
  return `DELETE FROM ${qualifiedName(database, batchTableName(view.name))} WHERE (\`period_start\`, \`generation\`) IN (${supersededGenerations(database, view, supersededBeforeMs)})`;
}
