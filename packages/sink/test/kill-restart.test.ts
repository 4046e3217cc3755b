import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { parsePipeline, qualifiedName, silentLogger, type PipelineConfig, type ViewDefinition } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';
import { expectedPageRows, fixtureEvents, fixtureYaml, pageResults, seededRandom, FIXTURE_CLICKHOUSE_CREDENTIALS as credentials } from './support/results-fixture';
import { byWindowAndPage, caughtUp, produceResults, readPages, sameNumber } from './support/sink-harness';
import { metricValue, spawnSink } from './support/sink-process';

jest.setTimeout(300_000);

const brokers = process.env['SLUICE_TEST_BROKERS'] ?? '127.0.0.1:9092';
const ROUNDS = 4;

describe('sluice sink killed with SIGKILL at seeded random points, then restarted (ClickHouse over HTTP)', () => {
  const name = uniqueName('sinkkill');
  let dir: string;
  let server: EmbeddedClickHouseServer;
  let client: ClickHouseClient;
  let config: PipelineConfig;
  let configPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-sink-kill-'));
    server = await serveEmbeddedClickHouse({ path: ':memory:', port: 0, database: name, credentials });
    const yaml = fixtureYaml(name, brokers, server.url, { batchRows: 10 });
    configPath = join(dir, 'sluice.yaml');
    await writeFile(configPath, yaml);
    config = parsePipeline(yaml, { env: {}, origin: configPath });
    client = createClient({ url: server.url, database: name, username: credentials.user, password: credentials.password });
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses nothing and doubles nothing, and a final SIGTERM exits 0', async () => {
    const random = seededRandom(20_261_125);
    const pages = config.views.find((view) => view.name === 'pages') as ViewDefinition;
    const events = fixtureEvents(random, 3, 20, 4);
    const results = pageResults(pages, events).sort(() => random() - 0.5);
    const kafka = createKafka(config.kafka, silentLogger, { logLevel: 'error' });
    const chunk = Math.ceil(results.length / ROUNDS);
    const kills: number[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      await produceResults(kafka, config.kafka.topics.results, results.slice(round * chunk, (round + 1) * chunk));
      const sink = await spawnSink(configPath);
      const killAt = 1 + Math.floor(random() * chunk * 0.8);
      await waitFor(async () => (await metricValue(sink.opsUrl, 'sluice_sink_rows_written_total')) >= killAt, { what: `sink to write ${killAt} rows`, timeoutMs: 60_000 });
      sink.child.kill('SIGKILL');
      expect((await sink.exited).signal).toBe('SIGKILL');
      kills.push(killAt);
    }

    const last = await spawnSink(configPath);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(() => caughtUp(admin, `${name}-sink`, config.kafka.topics.results), { what: 'the restarted sink to commit the whole topic', timeoutMs: 120_000 });
    } finally {
      await admin.disconnect();
    }
    last.child.kill('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });

    const served = await readPages(client, config);
    const expected = byWindowAndPage(expectedPageRows(pages, events));
    expect(served.map((row) => [row.window_start, row.page])).toEqual(expected.map((row) => [row.window_start, row.page]));
    served.forEach((row, index) => {
      for (const [measure, value] of Object.entries(expected[index]?.measures ?? {})) {
        if (!sameNumber(row.measures[measure], value)) throw new Error(`${row.window_start} ${row.page} ${measure}: served ${row.measures[measure]}, expected ${value}`);
      }
    });
    const [counts] = await (
      await client.query({ query: `SELECT count() AS rows, uniqExact(window_start, page) AS windows FROM ${qualifiedName(name, 'pages')}`, format: 'JSONEachRow' })
    ).json<{ rows: string; windows: string }>();
    expect(counts?.rows).toBe(counts?.windows);
    expect(kills).toHaveLength(ROUNDS);
  });
});
