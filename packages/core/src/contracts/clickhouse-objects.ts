/**
 * The names of every ClickHouse object Sluice generates, in one catalog: the
 * SQL generators, the sink, the compactor and the dashboard take names from
 * here, so a name is spelled once. The names are a contract with users
 * (dashboards and queries read them), so they never change.
 */

/** The speed table: one row of partial state per (window, group, source partition). */
export function speedTableName(view: string): string {
  return `${view}__speed`;
}

/** The batch table: exact rows that the compactor recomputes per period and generation. */
export function batchTableName(view: string): string {
  return `${view}__batch`;
}

/** The table recording which periods batch has made final, and at which generation. */
export function finalTableName(view: string): string {
  return `${view}__final`;
}

/** Per recomputation, window, group and measure: how speed and batch differ. */
export function reconcileTableName(view: string): string {
  return `${view}__reconcile`;
}

/** Periods of a view that received events after being made final, waiting for a recomputation. */
export function dirtyTableName(view: string): string {
  return `${view}__dirty`;
}

/** Per view: every period before `closed_through` has been made final by the regular cycle. */
export function closedTableName(view: string): string {
  return `${view}__closed`;
}

/** The serving view is named exactly as the view. */
export function servingViewName(view: string): string {
  return view;
}

/** The master dataset of a source: every event as it came, deduplicated by event id. */
export function rawTableName(source: string): string {
  return `${source}__raw`;
}

/**
 * Per source partition: how far the raw table has landed, the range being
 * landed right now, and how far event time got.
 */
export function progressTableName(source: string): string {
  return `${source}__raw_progress`;
}

/** Every object generated for one view, by what it holds. */
export interface ViewObjects {
  readonly serving: string;
  readonly speed: string;
  readonly batch: string;
  readonly final: string;
  readonly reconcile: string;
  readonly dirty: string;
  readonly closed: string;
}

/** The names of every object of view `view`. */
export function viewObjects(view: string): ViewObjects {
  return {
    serving: servingViewName(view),
    speed: speedTableName(view),
    batch: batchTableName(view),
    final: finalTableName(view),
    reconcile: reconcileTableName(view),
    dirty: dirtyTableName(view),
    closed: closedTableName(view),
  };
}

/** Every object generated for one source, by what it holds. */
export interface SourceObjects {
  readonly raw: string;
  readonly progress: string;
}

/** The names of every object of source `source`. */
export function sourceObjects(source: string): SourceObjects {
  return { raw: rawTableName(source), progress: progressTableName(source) };
}

/**
 * Every table Sluice generates for these views and sources (the serving views
 * hold no data, so they are left out): what disk use is reported for.
 */
export function generatedTableNames(views: readonly string[], sources: readonly string[]): string[] {
  const viewTables = views.map(viewObjects).flatMap((view) => [view.speed, view.batch, view.final, view.reconcile, view.dirty, view.closed]);
  return [...viewTables, ...sources.map(sourceObjects).flatMap((source) => [source.raw, source.progress])];
}
