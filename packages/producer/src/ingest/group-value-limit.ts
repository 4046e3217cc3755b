import { groupValueString, type PipelineConfig, type SourceDefinition } from '@sluice/core';

/** The fields some view of a source groups by, and how long a value of one may be. */
export interface GroupValueLimit {
  readonly fields: readonly string[];
  /** Characters (UTF-16 code units) of a group value, as the views store it. */
  readonly maxLength: number;
}

/** The group fields of `source` (every view of it counted) under `ingest.maxGroupValueLength`. */
export function groupValueLimit(config: PipelineConfig, source: SourceDefinition): GroupValueLimit {
  const fields = new Set<string>();
  for (const view of config.views) if (view.source === source.name) for (const field of view.groupBy) fields.add(field);
  return { fields: [...fields], maxLength: config.ingest.maxGroupValueLength };
}

/**
 * Why `event` breaks the limit, or undefined when every group value fits. A value
 * is measured as the text the views group by (numbers and objects as their JSON),
 * so an object in a group field is bounded too.
 */
export function groupValueTooLong(event: Readonly<Record<string, unknown>>, limit: GroupValueLimit): string | undefined {
  for (const field of limit.fields) {
    const value = event[field];
    if (value === undefined || value === null) continue;
    // A string is its own group text; only other values pay for a conversion.
    const length = typeof value === 'string' ? value.length : groupValueString(value).length;
    if (length > limit.maxLength) {
      return `the group field ${field} is ${length} characters long, more than ${limit.maxLength}, the limit (ingest.maxGroupValueLength)`;
    }
  }
  return undefined;
}
