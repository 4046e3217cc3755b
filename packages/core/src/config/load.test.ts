import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors/config-error';
import { parsePipeline } from './load';

const exampleYaml = readFileSync(join(__dirname, '../../../cli/assets/example.yaml'), 'utf8');

function issuesOf(text: string, env: Record<string, string> = {}) {
  try {
    parsePipeline(text, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('parsePipeline', () => {
  it('reads the bundled example into typed, frozen views', () => {
    const config = parsePipeline(exampleYaml);
    expect(config.views.map((view) => view.name)).toEqual(['page_views_1m', 'revenue_5m', 'sessions']);
    const [pageViews, revenue, sessions] = config.views;
    expect(pageViews?.window).toEqual({ type: 'tumbling', sizeMs: 60_000 });
    expect(pageViews?.latenessMs).toBe(30_000);
    expect(pageViews?.where).toEqual({ type: ['page_view'] });
    expect(pageViews?.measures).toContainEqual({ name: 'p95_ms', kind: 'quantile', q: 0.95, field: 'latency_ms' });
    expect(revenue?.window).toEqual({ type: 'hopping', sizeMs: 300_000, hopMs: 60_000 });
    expect(sessions?.window).toEqual({ type: 'session', gapMs: 1_800_000 });
    expect(pageViews?.periodMs).toBe(3_600_000);
    expect(config.kafka.topics).toEqual({ results: 'sluice.results', late: 'sluice.late', deadLetter: 'sluice.dlq', state: 'sluice.aggregator-state' });
    expect(config.sources['events']?.id).toBe('event_id');
    expect(Object.isFrozen(config.views[0]?.measures)).toBe(true);
  });

  it('lets the environment override connection settings', () => {
    const config = parsePipeline(exampleYaml, {
      env: { SLUICE_KAFKA_BROKERS: 'k1:9092, k2:9092', SLUICE_CLICKHOUSE_URL: 'http://ch:8123', SLUICE_INGEST_PORT: '9999' },
    });
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.clickhouse.url).toBe('http://ch:8123');
    expect(config.ingest.port).toBe(9999);
  });

  it('reports a bad environment override at the key it overrides', () => {
    expect(issuesOf(exampleYaml, { SLUICE_CLICKHOUSE_URL: 'ftp://nope' })).toEqual([
      expect.objectContaining({ path: 'clickhouse.url', value: 'ftp://nope' }),
    ]);
  });

  it('reports every problem of a broken file at once, each with its key path', () => {
    const broken = `
sources:
  events: { topic: events, key: user_id, timestamp: ts, partitions: "six" }
views:
  - name: a
    source: events
    window: { type: sliding, size: 1m }
    measures: { n: count }
  - name: a
    source: events
    window: { type: tumbling, size: 1m }
    lateness: -5s
    groupBy: [page, page]
    measures: { total: sum(), p: "quantile(2, latency_ms)" }
  - name: b
    source: clicks
    window: { type: tumbling, size: 1m }
    measures: { n: count }
    colour: blue
`;
    const issues = issuesOf(broken);
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'sources.events.partitions',
        'views[0].window.type',
        'views[1].name',
        'views[1].lateness',
        'views[1].groupBy[1]',
        'views[1].measures.total',
        'views[1].measures.p',
        'views[2].source',
        'views[2].colour',
      ].sort(),
    );
    expect(byPath['sources.events.partitions']).toMatchObject({ value: 'six', message: 'must be a number' });
    expect(byPath['views[0].window.type']?.message).toMatch(/tumbling, hopping, session/);
    expect(byPath['views[1].name']?.message).toMatch(/duplicates the name of views\[0\]/);
    expect(byPath['views[1].lateness']).toMatchObject({ value: '-5s' });
    expect(byPath['views[1].lateness']?.message).toMatch(/duration/);
    expect(byPath['views[1].groupBy[1]']?.message).toMatch(/repeats group field page/);
    expect(byPath['views[1].measures.total']?.message).toMatch(/sum needs exactly one field name/);
    expect(byPath['views[1].measures.p']?.message).toMatch(/between 0 and 1/);
    expect(byPath['views[2].source']).toMatchObject({ value: 'clicks' });
    expect(byPath['views[2].colour']?.message).toBe('is not a known key');
  });

  it('reads HTTP server limits as durations and refuses a headers timeout past the request timeout', () => {
    const sources = 'sources:\n  events: { topic: events, key: k, timestamp: ts }\n';
    const config = parsePipeline(`ingest:\n  http: { requestTimeout: 1m, headersTimeout: 5s, maxConnections: 10 }\n${sources}`, { env: {} });
    expect(config.ingest.http).toMatchObject({ requestTimeoutMs: 60_000, headersTimeoutMs: 5_000, maxConnections: 10 });
    expect(issuesOf(`dashboard:\n  http: { requestTimeout: 5s, headersTimeout: 10s }\n${sources}`)).toEqual([
      { path: 'dashboard.http.headersTimeout', value: '10s', message: 'headersTimeout must not be longer than requestTimeout' },
    ]);
  });

  it('names the line of a YAML syntax error', () => {
    const [issue] = issuesOf('views: [\n  a: b');
    expect(issue?.path).toBe('<yaml>');
    expect(issue?.message).toMatch(/line/i);
  });

  it('requires session views to group by the source key', () => {
    const text = `
sources: { events: { topic: e, key: user_id, timestamp: ts } }
views:
  - { name: s, source: events, window: { type: session, gap: 5m }, groupBy: [page], measures: { n: count } }
`;
    expect(issuesOf(text)).toEqual([expect.objectContaining({ path: 'views[0].groupBy', message: expect.stringMatching(/user_id/) })]);
  });

  it('requires a schema registry for an Avro source', () => {
    const avro = `sources: { events: { topic: e, key: user_id, timestamp: ts, format: avro } }`;
    expect(issuesOf(avro)).toEqual([expect.objectContaining({ path: 'sources.events.format', message: expect.stringMatching(/schemaRegistry\.url/) })]);
    expect(() => parsePipeline(`${avro}\nschemaRegistry: { url: "http://127.0.0.1:8081" }`, { env: {} })).not.toThrow();
  });

  it('checks measures against declared field types', () => {
    const text = `
sources: { events: { topic: e, key: user_id, timestamp: ts, fields: { page: string, amount: number } } }
views:
  - { name: v, source: events, window: { type: hopping, size: 5m, hop: 2m }, measures: { s: sum(page), m: max(missing) } }
`;
    const paths = issuesOf(text).map((issue) => issue.path).sort();
    expect(paths).toEqual(['views[0].measures.m', 'views[0].measures.s', 'views[0].window.hop']);
  });
});
