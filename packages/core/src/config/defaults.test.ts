import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HTTP_SERVER_LIMITS } from './http-limits';
import { parsePipeline } from './load';

/** Where each config type sits in a parsed pipeline. */
const PATHS: Record<string, (config: ReturnType<typeof parsePipeline>) => unknown> = {
  PipelineConfig: (config) => config,
  KafkaSettings: (config) => config.kafka,
  ClickHouseSettings: (config) => config.clickhouse,
  ClickHouseServeSettings: (config) => config.clickhouse.serve,
  IngestSettings: (config) => config.ingest,
  DashboardSettings: (config) => config.dashboard,
  HttpServerLimits: (config) => config.ingest.http,
  AggregatorSettings: (config) => config.aggregator,
  SinkSettings: (config) => config.sink,
  CompactorSettings: (config) => config.compactor,
  RetentionSettings: (config) => config.retention,
  TopicRetentionSettings: (config) => config.retention.topics,
  SourceDefinition: (config) => config.sources['events'],
  EventTimeBounds: (config) => config.sources['events']?.eventTime,
  ViewDefinition: (config) => config.views[0],
};

/** Every `@default` in types.ts whose value is a literal, with the interface and field it documents. */
function documentedDefaults(): { type: string; field: string; value: unknown }[] {
  const text = readFileSync(join(__dirname, 'types.ts'), 'utf8');
  const found: { type: string; field: string; value: unknown }[] = [];
  let type = '';
  let pending: string | undefined;
  for (const line of text.split('\n')) {
    type = /^export interface (\w+)/.exec(line)?.[1] ?? type;
    pending = /@default (.+?)\s*(\*\/)?$/.exec(line)?.[1] ?? pending;
    const field = /^ {2}readonly (\w+)/.exec(line)?.[1];
    if (field === undefined || pending === undefined) continue;
    const literal = pending.replace(/'/g, '"');
    pending = undefined;
    if (/^[[{"\d]/.test(literal)) found.push({ type, field, value: JSON.parse(literal) as unknown });
  }
  return found;
}

describe('config defaults', () => {
  // Only what has no default: a source, and (for the view defaults) one view.
  const sources = 'sources:\n  events: { topic: events, key: k, timestamp: ts }\n';
  const bare = parsePipeline(sources, { env: {} });
  const config = parsePipeline(`${sources}views:\n  - { name: v, source: events, window: { type: tumbling, size: 1m }, measures: { n: count } }\n`, { env: {} });

  it('are what the @default of each config type field documents', () => {
    const defaults = documentedDefaults();
    expect(defaults.length).toBeGreaterThan(30);
    for (const { type, field, value } of defaults) {
      const at = PATHS[type];
      expect({ type, field, found: at !== undefined }).toEqual({ type, field, found: true });
      const parsed = at!(type === 'ViewDefinition' ? config : bare) as Record<string, unknown>;
      expect({ type, field, value: parsed[field] }).toEqual({ type, field, value });
    }
  });

  it('are the same for every HTTP server', () => {
    expect(bare.dashboard.http).toEqual(bare.ingest.http);
    expect(DEFAULT_HTTP_SERVER_LIMITS).toEqual(bare.ingest.http);
  });

  it('derive topic names from the pipeline name and a period from the window', () => {
    expect(config.kafka.topics).toEqual({ results: 'sluice.results', late: 'sluice.late', deadLetter: 'sluice.dlq', state: 'sluice.aggregator-state' });
    expect(config.views[0]?.periodMs).toBe(3_600_000);
  });
});
