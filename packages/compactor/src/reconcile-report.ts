import { reconcileReportSql, type ServingReader, type ViewDefinition } from '@sluice/core';

/** One line of the reconciliation report: how speed differed from batch for one measure of a view. */
export interface ReconcileLine {
  readonly view: string;
  readonly measure: string;
  readonly windows: number;
  readonly windows_differing: number;
  readonly missing_in_speed: number;
  readonly missing_in_batch: number;
  readonly batch_total: number;
  readonly speed_total: number;
  readonly max_abs_difference: number;
  readonly landed_events: number;
  readonly duplicates: number;
  readonly late: number;
  readonly late_share: number;
  readonly duplicate_share: number;
}

/** Reads the report over the latest reconciliation of every period of a view. */
export async function reconcileReport(reader: ServingReader, database: string, view: ViewDefinition): Promise<ReconcileLine[]> {
  const rows = await reader.rows(reconcileReportSql(database, view));
  return rows.map((row) => {
    const number = (key: string) => Number(row[key] ?? 0);
    return {
      view: view.name,
      measure: String(row['measure']),
      windows: number('windows'),
      windows_differing: number('windows_differing'),
      missing_in_speed: number('missing_in_speed'),
      missing_in_batch: number('missing_in_batch'),
      batch_total: number('batch_total'),
      speed_total: number('speed_total'),
      max_abs_difference: number('max_abs_difference'),
      landed_events: number('landed_events'),
      duplicates: number('duplicates'),
      late: number('late'),
      late_share: number('late_share'),
      duplicate_share: number('duplicate_share'),
    };
  });
}
