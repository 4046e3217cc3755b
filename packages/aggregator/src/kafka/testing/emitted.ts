import { ROW_FIELD, ROW_KIND, type ResultPack } from '@sluice/core';
import type { FakeCluster } from './fake-cluster';

/** One row of the results topic, as the sink reads it. */
export interface EmittedRow {
  /** View, source partition, window bounds and group: what the sink replaces by version. */
  readonly key: string;
  readonly version: number;
  readonly kind: 'update' | 'final' | 'retraction';
  /** The row without its version: what a version must always carry. */
  readonly content: string;
}

const KIND_NAMES = { [ROW_KIND.update]: 'update', [ROW_KIND.final]: 'final', [ROW_KIND.retraction]: 'retraction' } as const;

/** Every row in the results topic, in the order written. */
export function emittedRows(cluster: FakeCluster, resultsTopic: string): EmittedRow[] {
  return cluster.records(resultsTopic).flatMap(({ message }) => {
    const pack = JSON.parse(String(message.value)) as ResultPack;
    return pack.rows.map((row) => {
      const version = row[ROW_FIELD.version] as number;
      const kind = KIND_NAMES[row[ROW_FIELD.kind] as keyof typeof KIND_NAMES];
      const key = JSON.stringify([pack.view, pack.partition, row[ROW_FIELD.windowStart], row[ROW_FIELD.windowEnd], row[ROW_FIELD.group]]);
      const content = JSON.stringify(row.filter((_, index) => index !== ROW_FIELD.version));
      return { key, version, kind, content };
    });
  });
}

/** What the serving table holds in the end: the highest version per key (ReplacingMergeTree). */
export function latestRows(rows: readonly EmittedRow[]): Map<string, EmittedRow> {
  const latest = new Map<string, EmittedRow>();
  for (const row of rows) {
    const held = latest.get(row.key);
    if (held === undefined || row.version > held.version) latest.set(row.key, row);
  }
  return latest;
}

/** Versions that were emitted with two different contents: must be none, or the sink keeps either. */
export function conflictingVersions(rows: readonly EmittedRow[]): string[] {
  const seen = new Map<string, string>();
  const conflicts: string[] = [];
  for (const row of rows) {
    const id = `${row.key}@${row.version}`;
    const content = seen.get(id);
    if (content === undefined) seen.set(id, row.content);
    else if (content !== row.content) conflicts.push(`${id}: ${content} vs ${row.content}`);
  }
  return conflicts;
}

/** Source partition and offset of every copy in the late or dead-letter topic. */
export function copiedOffsets(cluster: FakeCluster, topic: string): string[] {
  return cluster.records(topic).map(({ message }) => `${String(message.headers?.['sluice-partition'])}:${String(message.headers?.['sluice-offset'])}`);
}
