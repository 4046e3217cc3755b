import type { ClickHouseClient } from '@clickhouse/client';
import {
  batchTableName,
  finalTableName,
  planViewSchema,
  quoteString,
  speedTableName,
  type ColumnDefinition,
  type ExistingTable,
  type Logger,
  type ViewDefinition,
} from '@sluice/core';
import { SchemaConflictError } from './sink-errors';

/**
 * Creates or migrates, idempotently, every view's speed, batch and final
 * tables and its serving view in `database` (which must exist). Nothing is
 * changed when any view's existing tables cannot serve it: the error lists
 * every such change at once.
 */
export async function ensureServingSchema(client: ClickHouseClient, database: string, views: readonly ViewDefinition[], logger: Logger): Promise<void> {
  const existing = await readTables(client, database);
  const plans = views.map((view) => ({
    view,
    plan: planViewSchema(database, view, {
      ...optional('speed', existing.get(speedTableName(view.name))),
      ...optional('batch', existing.get(batchTableName(view.name))),
      ...optional('final', existing.get(finalTableName(view.name))),
    }),
  }));
  const problems = plans.flatMap(({ view, plan }) => plan.problems.map((problem) => `view ${view.name}: ${problem}`));
  if (problems.length > 0) throw new SchemaConflictError(problems);
  for (const { view, plan } of plans) {
    for (const query of plan.statements) await client.command({ query });
    logger.info('serving schema ready', { view: view.name, statements: plan.statements.length });
  }
}

function optional<K extends string>(key: K, table: ExistingTable | undefined): Partial<Record<K, ExistingTable>> {
  return table ? ({ [key]: table } as Record<K, ExistingTable>) : {};
}

/** Every table of `database` with its columns, comment and sorting key. */
async function readTables(client: ClickHouseClient, database: string): Promise<Map<string, ExistingTable>> {
  const tables = await (
    await client.query({
      query: `SELECT name, comment, sorting_key FROM system.tables WHERE database = ${quoteString(database)}`,
      format: 'JSONEachRow',
    })
  ).json<{ name: string; comment: string; sorting_key: string }>();
  const columns = await (
    await client.query({
      query: `SELECT table, name, type FROM system.columns WHERE database = ${quoteString(database)} ORDER BY table, position`,
      format: 'JSONEachRow',
    })
  ).json<{ table: string; name: string; type: string }>();
  const byTable = new Map<string, ColumnDefinition[]>();
  for (const column of columns) {
    const list = byTable.get(column.table) ?? [];
    list.push({ name: column.name, type: column.type });
    byTable.set(column.table, list);
  }
  return new Map(
    tables.map((table) => [table.name, { columns: byTable.get(table.name) ?? [], comment: table.comment, sortingKey: parseSortingKey(table.sorting_key) }]),
  );
}

/** `system.tables.sorting_key` (`a, b, \`c d\``) as plain column names. */
function parseSortingKey(key: string): string[] {
  if (key.trim() === '') return [];
  return key.split(/,\s*/).map((part) => part.trim().replace(/^`(.*)`$/, '$1').replace(/\\`/g, '`'));
}
