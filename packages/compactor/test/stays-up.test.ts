import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { parsePipeline, qualifiedName, rawTableName } from '@sluice/core';
import { createTestTopic, readAllRecords, testKafka } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';
import { startCli, type CliProcess } from './support/cli-process';
import { pipelineYaml, scalar } from './support/compactor-fixture';

jest.setTimeout(240_000);

function pageView(id: string, at: number): string {
  return JSON.stringify({ event_id: id, user_id: `u-${id}`, type: 'page_view', page: '/home', country: 'de', latency_ms: 12, ts: at });
}

async function health(opsUrl: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${opsUrl}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function metric(opsUrl: string, series: string): Promise<number | undefined> {
  const line = (await (await fetch(`${opsUrl}/metrics`)).text()).split('\n').find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

/** What the served ClickHouse requires and the compactor's config logs in with. */
const credentials = { user: 'default', password: 'stays-up-password' } as const;

/** `sluice compact` as a process: neither a row ClickHouse refuses nor ClickHouse going away ends it. */
describe('sluice compact stays up', () => {
  let server: EmbeddedClickHouseServer | undefined;
  let compactor: CliProcess | undefined;
  let dir = '';

  afterAll(async () => {
    if (compactor && compactor.child.exitCode === null) compactor.child.kill('SIGKILL');
    await compactor?.exited;
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('dead-letters a refused row, waits out a ClickHouse outage reporting itself stalled, and lands everything after', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-compactor-up-'));
    const database = uniqueName('db');
    const path = join(dir, 'data');
    server = await serveEmbeddedClickHouse({ path, port: 0, database, credentials });
    const port = server.port;
    const topic = await createTestTopic('compactor_up', 1);
    const yaml = pipelineYaml({ topic, database, clickhouseUrl: server.url, partitions: 1, clickhouseCredentials: credentials });
    const file = join(dir, 'sluice.yaml');
    await writeFile(file, yaml);
    const config = parsePipeline(yaml, { env: {}, origin: file });
    const raw = qualifiedName(database, rawTableName('events'));
    const now = Date.now();

    const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const surrogate = `{"event_id":"bad-\\ud800","user_id":"u-bad","type":"page_view","page":"/home","country":"de","latency_ms":1,"ts":${now}}`;
    await producer.send({ topic, acks: -1, messages: [pageView('a', now), { value: surrogate }, pageView('b', now)].map((value) => (typeof value === 'string' ? { value } : value)) });

    compactor = startCli(['compact', '-c', file], join(dir, 'compactor.log'));
    const opsUrl = /compactor ops on (http\S+)/.exec(await compactor.line(/compactor ops on /))?.[1] as string;
    let client = createClient({ url: server.url, database, username: credentials.user, password: credentials.password });
    await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw}`).catch(() => 0)) === 2, { what: 'the good rows around the refused one landed' });
    await waitFor(async () => (await readAllRecords(config.kafka.topics.deadLetter).catch(() => [])).length === 1, { what: 'the refused row dead-lettered' });
    expect(compactor.child.exitCode).toBeNull();
    expect(await health(opsUrl)).toMatchObject({ status: 200, body: { state: 'running', progress: 'ok' } });
    await client.close();

    await server.stop();
    server = undefined;
    await producer.send({ topic, acks: -1, messages: [{ value: pageView('c', now) }] });
    const stalled = await waitFor(
      async () => {
        // The batch cycle may notice the outage first; landing, which holds the new record, must say so too.
        const { body } = await health(opsUrl);
        return body['progress'] === 'stalled' && (body['stalled'] as Record<string, unknown>)['landing'] !== undefined ? body : undefined;
      },
      { what: '/healthz to report landing stalled' },
    );
    expect(stalled).toMatchObject({ status: 'ok', state: 'running', stalled: expect.objectContaining({ landing: expect.objectContaining({ reason: expect.stringMatching(/^CLICKHOUSE_/) }) }) });
    expect(await metric(opsUrl, 'sluice_compactor_stalled{activity="landing"}')).toBe(1);
    expect(compactor.child.exitCode).toBeNull();

    server = await serveEmbeddedClickHouse({ path, port, database, credentials });
    client = createClient({ url: server.url, database, username: credentials.user, password: credentials.password });
    try {
      await waitFor(async () => (await scalar(client, `SELECT count() FROM ${raw}`).catch(() => 0)) === 3, { what: 'the record sent during the outage landed', timeoutMs: 120_000 });
      await waitFor(async () => (await health(opsUrl)).body['progress'] === 'ok', { what: 'the stall to clear' });
      expect(await metric(opsUrl, 'sluice_compactor_stalled{activity="landing"}')).toBe(0);
    } finally {
      await client.close();
      await producer.disconnect();
    }
    compactor.child.kill('SIGTERM');
    expect(await compactor.exited).toBe(0);
  });
});
