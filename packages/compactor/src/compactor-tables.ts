import {
  addBatchWindowIndexSql,
  createBatchTableSql,
  createClosedTableSql,
  createDirtyTableSql,
  createProgressTableSql,
  createFinalTableSql,
  createRawTableSql,
  createReconcileTableSql,
  createServingViewSql,
  createSpeedTableSql,
  servingViewName,
  viewLayoutComment,
  type PipelineConfig,
  type SchemaStore,
} from '@sluice/core';

/**
 * Creates what the compactor writes to, if missing: each source's raw and
 * progress tables, and each view's tables with the sink's own DDL (so both
 * workers agree on them whichever starts first) plus reconcile and bookkeeping.
 */
export async function ensureCompactorTables(schema: SchemaStore, database: string, config: PipelineConfig): Promise<void> {
  const statements: string[] = [];
  for (const source of Object.values(config.sources)) {
    statements.push(createRawTableSql(database, source, config.retention.rawMs), createProgressTableSql(database, source.name));
  }
  for (const view of config.views) {
    const comment = viewLayoutComment(view);
    statements.push(
      createSpeedTableSql(database, view, comment),
      createBatchTableSql(database, view, comment),
      addBatchWindowIndexSql(database, view),
      createFinalTableSql(database, view),
      createReconcileTableSql(database, view, config.retention.reconcileMs),
      createDirtyTableSql(database, view.name),
      createClosedTableSql(database, view.name),
    );
  }
  await schema.apply(statements);
  // The serving view is the sink's; create it only where the sink has not yet, so dashboards work either way.
  for (const view of config.views) {
    if (!(await schema.exists(servingViewName(view.name)))) await schema.apply([createServingViewSql(database, view)]);
  }
}
