import { compileWhere, type EventRecord, type PipelineConfig, type SourceDefinition, type ViewDefinition } from '@sluice/core';
import { MeasureFolder } from './measure-folder';
import type { ViewStore } from './view-store';
import { storeFactoryOf } from './window-stores';

/** A view compiled once for the per-event path. */
export interface ViewPlan {
  readonly view: ViewDefinition;
  readonly matches: (event: EventRecord) => boolean;
  readonly folder: MeasureFolder;
  /** The state parts of empty measures, for the rows of retractions. */
  readonly emptyParts: readonly unknown[];
  /** A fresh store for one source partition. */
  newStore(): ViewStore;
}

/** The views of one source topic. */
export interface SourcePlan {
  readonly source: SourceDefinition;
  readonly views: readonly ViewPlan[];
}

/** Compiles every view and groups them by source topic. */
export function planSources(config: PipelineConfig): Map<string, SourcePlan> {
  const plans = new Map<string, SourcePlan>();
  for (const source of Object.values(config.sources)) {
    const views = config.views.filter((view) => view.source === source.name).map(planView);
    if (views.length > 0) plans.set(source.topic, { source, views });
  }
  return plans;
}

/** Every event field the views of a source read: the time, `where`, `groupBy` and measure fields. */
export function fieldsRead(plan: SourcePlan): string[] {
  const fields = new Set([plan.source.timestamp]);
  for (const { view } of plan.views) {
    for (const field of Object.keys(view.where)) fields.add(field);
    for (const field of view.groupBy) fields.add(field);
    for (const measure of view.measures) if ('field' in measure) fields.add(measure.field);
  }
  return [...fields];
}

function planView(view: ViewDefinition): ViewPlan {
  const folder = new MeasureFolder(view.measures);
  const emptyParts: unknown[] = [];
  folder.appendParts(emptyParts, folder.create());
  const newStore = storeFactoryOf(view);
  return {
    view,
    matches: compileWhere(view.where),
    folder,
    emptyParts,
    newStore: () => newStore(folder),
  };
}
