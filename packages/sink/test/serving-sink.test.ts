import type { Kafka } from 'kafkajs';
import { ClickHouseSchemaStore, clickHouseStorage, createClickHouse, type ClickHouse } from '@sluice/clickhouse';
import { appendStateParts, MetricsRegistry, qualifiedName, ROW_KIND, silentLogger, type MeasureState, type PipelineConfig, type ViewDefinition, type WindowResult } from '@sluice/core';
import { createKafka, readDeadLetterOrigin } from '@sluice/kafka';
import { ensureServingSchema, SchemaConflictError, ServingSink } from '@sluice/sink';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';
import { expectedPageRows, fixtureEvents, fixturePipeline, mergedFinalRows, pageResults, seededRandom, sessionResults } from './support/results-fixture';
import { byWindowAndPage, caughtUp, produceResults, readPages, sameNumber, type PageRow } from './support/sink-harness';

const brokers = process.env['SLUICE_TEST_BROKERS'] ?? '127.0.0.1:9092';
jest.setTimeout(120_000);

/** Every measure of every row agrees with the expected rows, and every row comes from `source`. */
function matches(rows: readonly PageRow[], expected: ReturnType<typeof expectedPageRows>, source: string): boolean {
  const want = byWindowAndPage(expected);
  return (
    rows.length === want.length &&
    rows.every((row, index) => {
      const other = want[index];
      if (!other || row.window_start !== other.window_start || row.page !== other.page || row.source !== source) return false;
      return Object.entries(other.measures).every(([name, value]) => sameNumber(row.measures[name], value));
    })
  );
}

describe('serving sink, in process, embedded ClickHouse', () => {
  const name = uniqueName('sink');
  let config: PipelineConfig;
  let pages: ViewDefinition;
  let kafka: Kafka;
  let clickhouse: ClickHouse;
  let sink: ServingSink | undefined;
  const events = fixtureEvents(seededRandom(7), 3, 4, 6);

  const startSink = async (definition: PipelineConfig = config): Promise<ServingSink> => {
    const started = new ServingSink({ config: definition, kafka, storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await started.start();
    return started;
  };
  const admin = () => kafka.admin();

  beforeAll(async () => {
    config = fixturePipeline(name, brokers, 'embedded:memory');
    pages = config.views.find((view) => view.name === 'pages') as ViewDefinition;
    kafka = createKafka(config.kafka, silentLogger, { logLevel: 'error' });
    clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const sessions = sessionResults(config.views.find((view) => view.name === 'visits') as ViewDefinition);
    await produceResults(kafka, config.kafka.topics.results, [...pageResults(pages, events), ...sessions.results]);
    sink = await startSink();
  });

  afterAll(async () => {
    await sink?.stop();
    await clickhouse.close();
  });

  it('lands every result; the serving view equals all events folded at once, sketches included', async () => {
    const expected = expectedPageRows(pages, events);
    await waitFor(async () => matches(await readPages(clickhouse.client, config), expected, 'speed'), { what: 'serving view to equal the merged states', timeoutMs: 60_000 });
  });

  it('computes uniq and quantile in SQL exactly as the JS result() of the merged partial states', async () => {
    const expected = byWindowAndPage(mergedFinalRows(pages, pageResults(pages, events)));
    const served = (await readPages(clickhouse.client, config)).filter((row) => row.source === 'speed');
    expect(served.map((row) => ({ users: row.measures['users'], p90_ms: row.measures['p90_ms'] }))).toEqual(
      expected.map((row) => ({ users: row.measures['users'], p90_ms: row.measures['p90_ms'] })),
    );
    expect(expected.every((row) => typeof row.measures['users'] === 'number' && row.measures['users'] > 0)).toBe(true);
  });

  it('applies a session retraction: the merged session replaces the two it joined', async () => {
    const { expected } = sessionResults(config.views.find((view) => view.name === 'visits') as ViewDefinition);
    const query = `SELECT toUnixTimestamp64Milli(window_start) AS window_start, toUnixTimestamp64Milli(window_end) AS window_end, user_id, hits FROM ${qualifiedName(name, 'visits')} ORDER BY window_start`;
    const rows = await waitFor(
      async () => {
        const found = await (await clickhouse.client.query({ query, format: 'JSONEachRow' })).json<Record<string, string | number>>();
        const numeric = found.map((row) => ({ window_start: Number(row['window_start']), window_end: Number(row['window_end']), user_id: String(row['user_id']), hits: Number(row['hits']) }));
        return JSON.stringify(numeric) === JSON.stringify(expected) && numeric;
      },
      { what: 'sessions to show the merged session only' },
    );
    expect(rows).toEqual(expected);
  });

  it('changes nothing when the whole results topic is delivered again from offset 0', async () => {
    const groupId = `${name}-sink`;
    const client = admin();
    await client.connect();
    try {
      await waitFor(() => caughtUp(client, groupId, config.kafka.topics.results), { what: 'sink to commit the whole topic' });
      const before = await readPages(clickhouse.client, config);
      await sink?.stop();
      await client.resetOffsets({ groupId, topic: config.kafka.topics.results, earliest: true });
      expect(await caughtUp(client, groupId, config.kafka.topics.results)).toBe(false);
      sink = await startSink();
      await waitFor(() => caughtUp(client, groupId, config.kafka.topics.results), { what: 'sink to read the topic again' });
      expect(await readPages(clickhouse.client, config)).toEqual(before);
      const counts = await (
        await clickhouse.client.query({
          query: `SELECT count() AS rows, uniqExact(window_start, page, partition) AS keys FROM ${qualifiedName(name, 'pages__speed')} FINAL`,
          format: 'JSONEachRow',
        })
      ).json<{ rows: string; keys: string }>();
      expect(counts[0]?.rows).toBe(counts[0]?.keys);
    } finally {
      await client.disconnect();
    }
  });

  it('sends a poison record to the dead-letter topic with the reason, and the records around it land', async () => {
    const late = { ...(pageResults(pages, events)[0] as ReturnType<typeof pageResults>[number]), windowStart: Date.UTC(2026, 0, 2), windowEnd: Date.UTC(2026, 0, 2) + 60_000, group: ['/after-poison'] };
    await produceResults(kafka, config.kafka.topics.results, [late], [
      { value: '{"view": "pages", "windowStart": "soon"}', partition: 1 },
      { value: 'not json at all', partition: 2 },
    ]);
    const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
    const reasons: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: config.kafka.topics.deadLetter, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const origin = readDeadLetterOrigin(message.headers);
        if (origin) reasons.push(`${origin.topic}/${origin.partition}: ${origin.reason}`);
      },
    });
    try {
      await waitFor(() => reasons.length >= 2, { what: 'two dead letters' });
      expect(reasons.sort()).toEqual([
        `${config.kafka.topics.results}/1: windowStart must be an integer from 0 to 9007199254740991, got "soon"`,
        expect.stringMatching(new RegExp(`^${config.kafka.topics.results.replace(/\./g, '\\.')}/2: value is not JSON`)),
      ]);
      await waitFor(async () => (await readPages(clickhouse.client, config)).some((row) => row.page === '/after-poison'), { what: 'the record after the poison to land' });
    } finally {
      await consumer.disconnect();
    }
  });

  it('dead-letters the bad row of a result pack alone, and the good rows of the same pack land', async () => {
    const [template] = pageResults(pages, events) as [WindowResult];
    const packed = (windowStart: number, page: string): unknown[] => {
      const row: unknown[] = [windowStart, windowStart + 60_000, [page], template.version, ROW_KIND.update];
      for (const measure of pages.measures) appendStateParts(row, template.states[measure.name] as MeasureState);
      return row;
    };
    const day = Date.UTC(2026, 0, 3);
    // Event times before 1970 give windows with negative starts, which no speed table can hold.
    const bad = packed(-60_000, '/pack-bad');
    const pack = { view: 'pages', partition: 0, measures: pages.measures.map((measure) => measure.name), rows: [packed(day, '/pack-good'), bad, packed(day + 60_000, '/pack-good')] };
    await produceResults(kafka, config.kafka.topics.results, [], [{ value: JSON.stringify(pack), partition: 0 }]);

    const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
    const dead: { value: string; origin: ReturnType<typeof readDeadLetterOrigin> }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: config.kafka.topics.deadLetter, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (String(message.value).includes('/pack-')) dead.push({ value: String(message.value), origin: readDeadLetterOrigin(message.headers) });
      },
    });
    try {
      await waitFor(async () => (await readPages(clickhouse.client, config)).filter((row) => row.page === '/pack-good').length === 2, { what: 'both good rows of the pack to land' });
      await waitFor(() => dead.length >= 1, { what: 'the bad row dead-lettered' });
      expect(dead).toEqual([
        {
          value: JSON.stringify({ ...pack, rows: [bad] }),
          origin: { topic: config.kafka.topics.results, partition: 0, offset: expect.stringMatching(/^\d+$/), reason: 'rows[1]: windowStart must be an integer from 0 to 9007199254740991, got -60000' },
        },
      ]);
      expect(sink?.state).toBe('running');
    } finally {
      await consumer.disconnect();
    }
  });

  it('serves batch rows for a period once it is marked final, at the newest generation', async () => {
    const expected = expectedPageRows(pages, events);
    const periodStart = Math.floor((expected[0]?.window_start ?? 0) / pages.periodMs) * pages.periodMs;
    const batchRows = (generation: number) =>
      expected.map((row) => ({
        window_start: row.window_start,
        window_end: row.window_start + 60_000,
        page: row.page,
        views: 1000 * generation,
        total_ms: 1,
        fastest: 2,
        slowest: 3,
        avg_ms: 4,
        users: 5,
        p90_ms: 6,
        period_start: periodStart,
        generation,
      }));
    const insert = (table: string, values: object[]) => clickhouse.client.insert({ table: qualifiedName(name, table), values, format: 'JSONEachRow' });
    await insert('pages__batch', batchRows(1));
    const rowsOfPeriod = async () => (await readPages(clickhouse.client, config)).filter((row) => row.window_start < periodStart + pages.periodMs && row.page !== '/after-poison');
    expect((await rowsOfPeriod()).every((row) => row.source === 'speed')).toBe(true);

    await insert('pages__final', [{ period_start: periodStart, generation: 1, finalized_at: Date.now() }]);
    let served = await rowsOfPeriod();
    expect(served).toHaveLength(expected.length);
    expect(served.every((row) => row.source === 'batch' && row.measures['views'] === 1000)).toBe(true);

    await insert('pages__batch', batchRows(2));
    served = await rowsOfPeriod();
    expect(served.every((row) => row.measures['views'] === 1000)).toBe(true);
    await insert('pages__final', [{ period_start: periodStart, generation: 2, finalized_at: Date.now() }]);
    served = await rowsOfPeriod();
    expect(served).toHaveLength(expected.length);
    expect(served.every((row) => row.source === 'batch' && row.measures['views'] === 2000)).toBe(true);
  });

  it('refuses a view change the tables cannot serve, saying what changed, and creates a new view', async () => {
    const changed = fixturePipeline(name, brokers, 'embedded:memory').views.map((view) =>
      view.name === 'pages' ? { ...view, groupBy: ['page', 'country'], measures: [{ name: 'views', kind: 'sum' as const, field: 'latency_ms' }, ...view.measures.slice(1)] } : view,
    );
    const refusal = ensureServingSchema(new ClickHouseSchemaStore(clickhouse.client, name), name, changed, silentLogger);
    await expect(refusal).rejects.toBeInstanceOf(SchemaConflictError);
    await expect(refusal).rejects.toThrow(/measure views changed to sum/);
    await expect(refusal).rejects.toThrow(/sorted by \(window_start, page, partition\) but the view now needs \(window_start, page, country, partition\)/);

    const added = fixturePipeline(name, brokers, 'embedded:memory', `
  - name: pages_by_user
    source: events
    window: { type: tumbling, size: 5m }
    groupBy: [user_id]
    measures: { views: count }
`);
    await ensureServingSchema(new ClickHouseSchemaStore(clickhouse.client, name), name, added.views, silentLogger);
    const columns = await (
      await clickhouse.client.query({ query: `SELECT name, type FROM system.columns WHERE database = '${name}' AND table = 'pages_by_user' ORDER BY position`, format: 'JSONEachRow' })
    ).json<{ name: string; type: string }>();
    expect(columns).toEqual([
      { name: 'window_start', type: "DateTime64(3, 'UTC')" },
      { name: 'window_end', type: "DateTime64(3, 'UTC')" },
      { name: 'user_id', type: 'String' },
      { name: 'views', type: 'UInt64' },
      { name: 'source', type: 'String' },
    ]);
  });
});
