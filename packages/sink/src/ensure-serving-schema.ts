import { batchTableName, finalTableName, planViewSchema, speedTableName, type ExistingTable, type Logger, type SchemaStore, type ViewDefinition } from '@sluice/core';
import { SchemaConflictError } from './sink-errors';

/**
 * Creates or migrates, idempotently, every view's speed, batch and final
 * tables and its serving view in `database` (the schema store's, which must
 * exist). Nothing is changed when any view's existing tables cannot serve
 * it: the error lists every such change at once.
 */
export async function ensureServingSchema(schema: SchemaStore, database: string, views: readonly ViewDefinition[], logger: Logger): Promise<void> {
  const existing = await schema.tables();
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
    await schema.apply(plan.statements);
    logger.info('serving schema ready', { view: view.name, statements: plan.statements.length });
  }
}

function optional<K extends string>(key: K, table: ExistingTable | undefined): Partial<Record<K, ExistingTable>> {
  return table ? ({ [key]: table } as Record<K, ExistingTable>) : {};
}
