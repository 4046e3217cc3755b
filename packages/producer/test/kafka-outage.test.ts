import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, startLocalBroker, stopLocalBroker } from '@sluice/devstack';
import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';
import type { IngestService } from '../src/index';
import { ingestConfig, postNdjson, startTestIngest, testEvent } from './support/ingest-fixture';
import { readTopicValues } from './support/read-topic';

jest.setTimeout(240_000);

describe('Kafka stopped mid-run', () => {
  let dataDir: string;
  let port: number;
  let service: IngestService | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-outage-'));
    port = await findFreePort();
  });
  afterAll(async () => {
    await service?.stop();
    await stopLocalBroker(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while Kafka is down, never 202 for undelivered events, and resumes without a restart', async () => {
    // This test stops its own broker, never the shared one.
    const broker = await startLocalBroker({ port, dataDir, maxHeap: '384m' });
    const topic = uniqueName('ingest_outage');
    const admin = new Kafka({ clientId: 'outage-admin', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    service = await startTestIngest(ingestConfig([broker.bootstrap], topic, 2));
    const running = service;

    const acknowledged: string[] = [];
    const statuses: number[] = [];
    let serial = 0;
    const sendOne = async () => {
      const events = Array.from({ length: 10 }, (_, i) => testEvent(i, { event_id: `e-${serial}-${i}` }));
      serial++;
      const answer = await postNdjson(running, events);
      statuses.push(answer.status);
      if (answer.status === 202) acknowledged.push(...events.map((event) => event['event_id'] as string));
      return answer;
    };

    await waitFor(async () => (await sendOne()).status === 202, { what: 'a first 202' });
    for (let i = 0; i < 5; i++) expect((await sendOne()).status).toBe(202);

    await stopLocalBroker(dataDir);
    // Noticed while idle, before any request fails.
    await waitFor(() => !running.ready(), { what: 'readiness to report Kafka unreachable', timeoutMs: 60_000 });
    const down = await waitFor(
      async () => {
        const answer = await sendOne();
        return answer.status === 503 ? answer : undefined;
      },
      { what: 'a 503 while Kafka is down', timeoutMs: 60_000 },
    );
    expect(Number(down.retryAfter)).toBeGreaterThan(0);
    expect(down.body['error']).toBe('kafka_unavailable');
    expect(running.ready()).toBe(false);
    for (let i = 0; i < 3; i++) expect((await sendOne()).status).toBe(503);
    const acknowledgedBeforeRestart = acknowledged.length;

    await startLocalBroker({ port, dataDir, maxHeap: '384m' });
    await waitFor(async () => (await sendOne()).status === 202, { what: 'a 202 after Kafka returned', timeoutMs: 90_000, intervalMs: 500 });
    for (let i = 0; i < 5; i++) expect((await sendOne()).status).toBe(202);
    expect(acknowledged.length).toBeGreaterThan(acknowledgedBeforeRestart);
    expect(running.ready()).toBe(true);
    expect(new Set(statuses)).toEqual(new Set([202, 503]));

    const landed = new Set((await readTopicValues([broker.bootstrap], topic)).map((event) => event['event_id']));
    expect(acknowledged.filter((id) => !landed.has(id))).toEqual([]);
  });
});
