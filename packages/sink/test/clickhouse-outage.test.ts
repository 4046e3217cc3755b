import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { parsePipeline, silentLogger, type ViewDefinition } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';
import { expectedPageRows, fixtureEvents, fixtureYaml, pageResults, seededRandom, FIXTURE_CLICKHOUSE_CREDENTIALS as credentials } from './support/results-fixture';
import { byWindowAndPage, caughtUp, produceResults, readPages, sameNumber } from './support/sink-harness';
import { metricValue, spawnSink } from './support/sink-process';

jest.setTimeout(300_000);

const brokers = process.env['SLUICE_TEST_BROKERS'] ?? '127.0.0.1:9092';

describe('sluice sink while ClickHouse is down', () => {
  it('retries with backoff, holds its offsets, and lands everything once ClickHouse is back', async () => {
    const name = uniqueName('sinkout');
    const dir = await mkdtemp(join(tmpdir(), 'sluice-sink-outage-'));
    const path = join(dir, 'data');
    let server: EmbeddedClickHouseServer | undefined = await serveEmbeddedClickHouse({ path, port: 0, database: name, credentials });
    const port = server.port;
    const yaml = fixtureYaml(name, brokers, server.url, { batchRows: 20 });
    await writeFile(join(dir, 'sluice.yaml'), yaml);
    const config = parsePipeline(yaml, { env: {}, origin: 'outage' });
    const pages = config.views.find((view) => view.name === 'pages') as ViewDefinition;
    const events = fixtureEvents(seededRandom(99), 3, 10, 4);
    const results = pageResults(pages, events);
    const half = Math.floor(results.length / 2);
    const kafka = createKafka(config.kafka, silentLogger, { logLevel: 'error' });
    const admin = kafka.admin();
    await admin.connect();
    const sink = await spawnSink(join(dir, 'sluice.yaml'));
    try {
      await produceResults(kafka, config.kafka.topics.results, results.slice(0, half));
      await waitFor(() => caughtUp(admin, `${name}-sink`, config.kafka.topics.results), { what: 'the first half committed' });
      const readiness = async () => (await fetch(`${sink.opsUrl}/readyz`)).status;
      expect(await readiness()).toBe(200);
      expect((await fetch(`${sink.opsUrl}/healthz`)).status).toBe(200);

      await server.stop();
      server = undefined;
      await produceResults(kafka, config.kafka.topics.results, results.slice(half));
      await waitFor(async () => (await metricValue(sink.opsUrl, 'sluice_sink_insert_retries_total')) >= 2, { what: 'inserts to be retried' });
      expect(await caughtUp(admin, `${name}-sink`, config.kafka.topics.results)).toBe(false);
      await waitFor(async () => (await readiness()) === 503, { what: '/readyz to report ClickHouse gone' });
      const health = await fetch(`${sink.opsUrl}/healthz`);
      expect(health.status).toBe(200);
      // Alive and retrying, and saying why it does not move.
      expect(await health.json()).toMatchObject({ status: 'ok', state: 'running', progress: 'stalled', stalled: { insert: { reason: expect.stringMatching(/^CLICKHOUSE_/), attempts: expect.any(Number) } } });
      expect(await metricValue(sink.opsUrl, 'sluice_sink_stalled{activity="insert"}')).toBe(1);

      server = await serveEmbeddedClickHouse({ path, port, database: name, credentials });
      await waitFor(() => caughtUp(admin, `${name}-sink`, config.kafka.topics.results), { what: 'the second half committed after ClickHouse came back', timeoutMs: 120_000 });
      expect(await (await fetch(`${sink.opsUrl}/healthz`)).json()).toMatchObject({ progress: 'ok' });
      expect(await metricValue(sink.opsUrl, 'sluice_sink_stalled{activity="insert"}')).toBe(0);
      sink.child.kill('SIGTERM');
      expect(await sink.exited).toEqual({ code: 0, signal: null });

      const client = createClient({ url: server.url, database: name, username: credentials.user, password: credentials.password });
      try {
        const served = await readPages(client, config);
        const expected = byWindowAndPage(expectedPageRows(pages, events));
        expect(served.map((row) => [row.window_start, row.page])).toEqual(expected.map((row) => [row.window_start, row.page]));
        served.forEach((row, index) => {
          for (const [measure, value] of Object.entries(expected[index]?.measures ?? {})) expect(sameNumber(row.measures[measure], value)).toBe(true);
        });
      } finally {
        await client.close();
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\nsink stderr:\n${sink.stderr().slice(-3_000)}`);
    } finally {
      if (sink.child.exitCode === null) sink.child.kill('SIGKILL');
      await admin.disconnect();
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
