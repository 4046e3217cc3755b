import type { ClickHouseClient } from '@clickhouse/client';
import {
  createBatchTableSql,
  createFinalTableSql,
  createRawTableSql,
  createReconcileTableSql,
  createServingViewSql,
  createSpeedTableSql,
  servingViewName,
  viewLayoutComment,
  type PipelineConfig,
} from '@sluice/core';
import { createClosedTableSql, createDirtyTableSql, createProgressTableSql } from './bookkeeping-tables';

/**
 * Creates what the compactor writes to, if missing: each source's raw and
 * progress tables, and each view's tables with the sink's own DDL (so both
 * workers agree on them whichever starts first) plus reconcile and bookkeeping.
 */
export async function ensureCompactorTables(client: ClickHouseClient, database: string, config: PipelineConfig): Promise<void> {
  const statements: string[] = [];
  for (const source of Object.values(config.sources)) {
    statements.push(createRawTableSql(database, source, config.compactor.rawTtlDays), createProgressTableSql(database, source.name));
  }
  for (const view of config.views) {
    const comment = viewLayoutComment(view);
    statements.push(
      createSpeedTableSql(database, view, comment),
      createBatchTableSql(database, view, comment),
      createFinalTableSql(database, view),
      createReconcileTableSql(database, view),
      createDirtyTableSql(database, view.name),
      createClosedTableSql(database, view.name),
    );
  }
  for (const query of statements) await client.command({ query });
  // The serving view is the sink's; create it only where the sink has not yet, so dashboards work either way.
  for (const view of config.views) {
    const exists = await client.query({
      query: `SELECT count() AS n FROM system.tables WHERE database = {database:String} AND name = {name:String}`,
      query_params: { database, name: servingViewName(view.name) },
      format: 'JSONEachRow',
    });
    const [row] = await exists.json<{ n: string | number }>();
    if (Number(row?.n ?? 0) === 0) await client.command({ query: createServingViewSql(database, view) });
  }
}
