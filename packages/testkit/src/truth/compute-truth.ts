import { SluiceError, groupValueString, type PipelineConfig } from '@sluice/core';
import type { GeneratedRun } from '@sluice/producer';
import type { TruthFile, TruthView } from './truth-types';
import { viewTruth } from './view-truth';

/**
 * The expected rows of every view for a generated run: `rows` from each
 * distinct event id once (late ones included), `speedRows` from every record
 * sent except the designated-late ones (duplicates counted as often as sent).
 */
export function computeTruth(config: PipelineConfig, generated: GeneratedRun): TruthFile {
  const source = config.sources[generated.source];
  if (!source) throw new SluiceError('TRUTH_UNKNOWN_SOURCE', `computeTruth: ${generated.source} is not a source of this pipeline`);
  const seen = new Set<string>();
  const distinct = [];
  for (const record of generated.records) {
    const id = groupValueString(record.event[source.id]);
    if (seen.has(id)) continue;
    seen.add(id);
    distinct.push(record.event);
  }
  const onTime = generated.records.filter((record) => record.kind !== 'late').map((record) => record.event);
  const views: Record<string, TruthView> = {};
  for (const view of config.views) {
    views[view.name] =
      view.source === generated.source ? { rows: viewTruth(view, source, distinct), speedRows: viewTruth(view, source, onTime) } : { rows: [], speedRows: [] };
  }
  return {
    events: generated.records.length,
    distinctEvents: distinct.length,
    lateEventIds: generated.records.filter((record) => record.kind === 'late').map((record) => groupValueString(record.event[source.id])),
    views,
  };
}
