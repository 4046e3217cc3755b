import type { ClickHouseClient } from '@clickhouse/client';
import {
  aggregatorFor,
  compileWhere,
  groupValues,
  qualifiedName,
  speedTableName,
  STATE_PARTS,
  stateColumnName,
  type EventRecord,
  type MeasureState,
  type PipelineConfig,
  type ViewDefinition,
} from '@sluice/core';
import type { GeneratedEvent } from '@sluice/producer';
import type { TruthRow } from '@sluice/testkit';

/**
 * Writes the speed layer's rows for `rows` into V__speed, as the sink would:
 * one partial state per (window, group) built with the speed layer's own
 * mergeable aggregates (HLL for uniq, DDSketch for quantile) from the member events.
 */
export async function writeSpeedRows(client: ClickHouseClient, config: PipelineConfig, view: ViewDefinition, rows: readonly TruthRow[], records: readonly GeneratedEvent[]): Promise<void> {
  const source = config.sources[view.source];
  if (!source) throw new Error(`no source ${view.source}`);
  const passes = compileWhere(view.where);
  const events = records.map((record) => record.event as EventRecord).filter(passes);
  const values = rows.map((row) => {
    const members = events.filter((event) => {
      const ts = Number(event[source.timestamp]);
      return ts >= row.windowStart && ts < row.windowEnd && groupValues(event, view.groupBy).join('\u0000') === row.group.join('\u0000');
    });
    const out: Record<string, unknown> = { window_start: row.windowStart, window_end: row.windowEnd, partition: 0, version: 1, is_deleted: 0, final: 1 };
    view.groupBy.forEach((field, index) => (out[field] = row.group[index]));
    for (const measure of view.measures) {
      const aggregator = aggregatorFor(measure);
      let state = aggregator.create();
      for (const event of members) state = aggregator.add(state, measure.kind === 'count' ? undefined : event[measure.field]);
      const wire = aggregator.toWire(state) as MeasureState & Record<string, unknown>;
      for (const part of STATE_PARTS[measure.kind]) out[stateColumnName(measure, part)] = wire[part.field];
    }
    return out;
  });
  await client.insert({ table: qualifiedName(config.clickhouse.database, speedTableName(view.name)), values, format: 'JSONEachRow' });
}
