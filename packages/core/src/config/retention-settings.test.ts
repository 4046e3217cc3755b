import { ConfigError } from '../errors/config-error';
import { parsePipeline } from './load';

const sources = 'sources:\n  events: { topic: events, key: k, timestamp: ts }\n';

function issuesOf(text: string) {
  try {
    parsePipeline(`${sources}${text}`, { env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('retention config', () => {
  it('reads the documented shape as durations', () => {
    const config = parsePipeline(`${sources}retention: { raw: 90d, speedAfterFinal: 1h, batchGenerations: 10m, reconcile: 14d, topics: { results: 7d, late: 7d, deadLetter: 30d } }\n`, { env: {} });
    expect(config.retention).toEqual({
      rawMs: 90 * 86_400_000,
      speedAfterFinalMs: 3_600_000,
      batchGenerationsMs: 600_000,
      reconcileMs: 14 * 86_400_000,
      topics: { resultsMs: 7 * 86_400_000, lateMs: 7 * 86_400_000, deadLetterMs: 30 * 86_400_000 },
    });
    expect(config.warnings).toEqual([]);
  });

  it('takes compactor.rawTtlDays as the raw retention in days, with a deprecation warning', () => {
    const config = parsePipeline(`${sources}compactor: { rawTtlDays: 30 }\n`, { env: {} });
    expect(config.retention.rawMs).toBe(30 * 86_400_000);
    expect(config.warnings).toEqual(['compactor.rawTtlDays is deprecated: write retention: { raw: 30d } instead']);
  });

  it('lets retention.raw win over a differing compactor.rawTtlDays and says so', () => {
    const config = parsePipeline(`${sources}compactor: { rawTtlDays: 30 }\nretention: { raw: 90d }\n`, { env: {} });
    expect(config.retention.rawMs).toBe(90 * 86_400_000);
    expect(config.warnings).toEqual([expect.stringContaining('compactor.rawTtlDays (30) is deprecated and differs from retention.raw (90d); retention.raw is used')]);
  });

  it('refuses values with the key, the value and what is allowed', () => {
    expect(issuesOf('retention: { raw: 2h }\n')).toEqual([
      { path: 'retention.raw', value: '2h', message: 'must be 0 (keep forever) or at least 1d: the batch layer recomputes periods from the raw events' },
    ]);
    expect(issuesOf('retention: { speedAfterFinal: soon }\n')).toEqual([
      { path: 'retention.speedAfterFinal', value: 'soon', message: 'must be a non-negative duration such as 500ms, 30s, 1m, 2h or 1d' },
    ]);
    expect(issuesOf('retention: { topics: { results: -5 } }\n')).toEqual([
      { path: 'retention.topics.results', value: -5, message: 'must be a non-negative duration such as 500ms, 30s, 1m, 2h or 1d' },
    ]);
    expect(issuesOf('retention: { rawDays: 3 }\n')).toEqual([{ path: 'retention.rawDays', value: 3, message: 'is not a known key' }]);
    expect(issuesOf('compactor: { rawTtlDays: 1.5 }\n')).toEqual([{ path: 'compactor.rawTtlDays', value: 1.5, message: 'must be a whole number of days' }]);
  });
});
