import { buildPipeline, type PipelineConfig } from '@sluice/core';
import { createTestTopic, readAllRecords, testBrokers } from '../../../test/support/kafka';
import { generateEvents, runLoadgen, type GeneratedRun, type IngestService } from '../src/index';
import { startTestIngest } from './support/ingest-fixture';

function loadgenConfig(topic: string): PipelineConfig {
  return buildPipeline({
    kafka: { brokers: testBrokers() },
    ingest: { linger: 5 },
    aggregator: { maxOutOfOrderness: '5s' },
    sources: { events: { topic, key: 'user_id', timestamp: 'ts', partitions: 3 } },
    views: [
      { name: 'pages', source: 'events', window: { type: 'tumbling', size: '1m' }, lateness: '10s', groupBy: ['page'], measures: { n: 'count' } },
      { name: 'sessions', source: 'events', window: { type: 'session', gap: '5m' }, groupBy: ['user_id'], measures: { n: 'count' } },
    ],
  });
}

const run = { events: 600, rate: 3000, timeStepMs: 2000, late: 0.05, duplicates: 0.05, outOfOrder: 0.1, seed: 3, startMs: Date.UTC(2026, 0, 1) };

/** The records of each partition in offset order, as event ids. */
async function idsByPartition(topic: string): Promise<Map<number, string[]>> {
  const byPartition = new Map<number, string[]>();
  for (const record of await readAllRecords(topic)) {
    const id = (JSON.parse(String(record.value)) as { event_id: string }).event_id;
    byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), id]);
  }
  return byPartition;
}

describe('loadgen', () => {
  let service: IngestService;
  afterAll(() => service?.stop());

  it.each([
    ['through ingest over HTTP', false],
    ['straight to Kafka', true],
  ])('sends %s in the generated per-partition order, late records and duplicates included', async (_how, direct) => {
    const topic = await createTestTopic('loadgen', 3);
    const config = loadgenConfig(topic);
    if (!direct) service = await startTestIngest(config);
    let handed: GeneratedRun | undefined;
    const { generated, progress } = await runLoadgen(config, { ...run, direct, ...(direct ? {} : { url: service.url }), onGenerated: (value) => { handed = value; } });
    expect(handed).toBe(generated);
    expect(progress.sent).toBe(generated.records.length);
    expect(generated.records.some((record) => record.kind === 'late')).toBe(true);
    expect(generated.records.some((record) => record.kind === 'duplicate')).toBe(true);

    const expected = new Map<number, string[]>();
    for (const record of generateEvents(config, run).records) {
      expected.set(record.partition, [...(expected.get(record.partition) ?? []), record.event['event_id'] as string]);
    }
    expect(await idsByPartition(topic)).toEqual(expected);
    if (!direct) await service.stop();
  });
});
