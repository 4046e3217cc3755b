import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsRegistry, silentLogger } from '@sluice/core';
import { findFreePort, startSchemaRegistry, type SchemaRegistryProcess } from '@sluice/devstack';
import { generateEvents } from '@sluice/producer';
import { computeTruth } from '@sluice/testkit';
import { Aggregator } from '../src';
import { encodeAsAvro } from '../../../test/support/app-event-avro';
import { readAllRecords, testKafka } from '../../../test/support/kafka';
import { startTcpForwarder, type TcpForwarder } from '../../../test/support/tcp-forwarder';
import { everyWindowClosed } from './support/every-window-closed';
import { differences, mergeFinals, readResults } from './support/final-results';
import { createPipelineFixture } from './support/pipeline-fixture';

jest.setTimeout(300_000);

/**
 * The registry cannot be reached when the aggregator meets its first Avro
 * record: the batch must wait, not be dead-lettered or skipped, and once the
 * registry answers again every window must still equal the truth. The
 * aggregator reaches the registry through a forwarder, so the outage cuts the
 * network path and the registry keeps its schemas (a restarted in-memory
 * registry would answer 404 for them, which is a different failure).
 */
describe('aggregate: an Avro source while the schema registry is unreachable', () => {
  let logDir: string;
  let registry: SchemaRegistryProcess | undefined;
  let forwarder: TcpForwarder | undefined;

  afterAll(async () => {
    await forwarder?.close();
    await registry?.stop();
    if (logDir) await rm(logDir, { recursive: true, force: true });
  });

  it('waits for the registry and then folds every record exactly once', async () => {
    logDir = await mkdtemp(join(tmpdir(), 'sluice-agg-outage-'));
    const registryPort = await findFreePort();
    registry = await startSchemaRegistry({ logDir, port: registryPort });
    // Nothing listens here until the outage ends.
    const forwardedPort = await findFreePort();
    const forwardedUrl = registry.url.replace(`:${registryPort}/`, `:${forwardedPort}/`);
    const fixture = await createPipelineFixture('agg_avro_outage', { schemaRegistryUrl: forwardedUrl });
    const run = generateEvents(fixture.config, { events: 1_500, rate: 1_000, outOfOrder: 0.1, seed: 3, startMs: Date.now() - 60 * 60_000, timeStepMs: 40 });
    const truth = computeTruth(fixture.config, run);
    const { messages } = await encodeAsAvro(registry.url, fixture.sourceTopic, run.records);
    const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: fixture.sourceTopic, acks: -1, messages });
    await producer.disconnect();

    const metrics = new MetricsRegistry();
    const aggregator = new Aggregator({ config: fixture.config, kafka: testKafka(), logger: silentLogger, metrics });
    await aggregator.start();
    // Longer than kafkajs alone retries a failing batch before it crashes the consumer (about 13 s).
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    expect(metrics.counter('sluice_aggregator_events_total', '').get({ topic: fixture.sourceTopic })).toBe(0);
    expect(aggregator.state).toBe('running');

    forwarder = await startTcpForwarder(registryPort, forwardedPort);
    await everyWindowClosed(metrics, fixture.config, fixture.sourceTopic, messages.length, { timeoutMs: 120_000, what: 'every record folded once the registry is back' });
    await aggregator.stop();

    const finals = mergeFinals(fixture.config, await readResults(fixture.config));
    for (const view of ['pages_10s', 'types_20s', 'sessions']) {
      expect(differences(fixture.config, view, finals, truth.views[view]!.speedRows)).toEqual([]);
    }
    expect(await readAllRecords(fixture.config.kafka.topics.deadLetter)).toEqual([]);
  });
});
