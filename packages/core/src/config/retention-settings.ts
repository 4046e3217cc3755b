import { formatDuration } from '../time/duration';
import type { RawPipeline } from './schema';
import type { RetentionSettings } from './types';

const DAY_MS = 86_400_000;

/**
 * The `retention` section with `compactor.rawTtlDays`, its deprecated alias,
 * folded in: `retention.raw` wins when both are set, and using the alias
 * always says so, so a stale key never decides silently.
 */
export function normalizeRetention(raw: Pick<RawPipeline, 'retention' | 'compactor'>): { retention: RetentionSettings; warnings: string[] } {
  const { retention } = raw;
  const aliasDays = raw.compactor.rawTtlDays;
  const warnings: string[] = [];
  if (aliasDays !== undefined) {
    const aliasMs = aliasDays * DAY_MS;
    warnings.push(
      retention.raw !== undefined && retention.raw !== aliasMs
        ? `compactor.rawTtlDays (${aliasDays}) is deprecated and differs from retention.raw (${formatDuration(retention.raw)}); retention.raw is used: remove compactor.rawTtlDays`
        : `compactor.rawTtlDays is deprecated: write retention: { raw: ${aliasDays === 0 ? '0' : `${aliasDays}d`} } instead`,
    );
  }
  return {
    retention: {
      rawMs: retention.raw ?? (aliasDays ?? 0) * DAY_MS,
      speedAfterFinalMs: retention.speedAfterFinal,
      batchGenerationsMs: retention.batchGenerations,
      reconcileMs: retention.reconcile,
      topics: { resultsMs: retention.topics.results, lateMs: retention.topics.late, deadLetterMs: retention.topics.deadLetter },
    },
    warnings,
  };
}
