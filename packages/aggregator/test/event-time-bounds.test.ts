import { consumerGroupId, MetricsRegistry, silentLogger } from '@sluice/core';
import { generateEvents } from '@sluice/producer';
import { computeTruth, type TruthFile } from '@sluice/testkit';
import { Aggregator, decodeCommitMetadata } from '../src';
import { readAllRecords, testKafka, type TestRecord } from '../../../test/support/kafka';
import { everyWindowClosed } from './support/every-window-closed';
import { differences, mergeFinals, readResults, type MergedRow } from './support/final-results';
import { createPipelineFixture, SOURCE_PARTITIONS, type PipelineFixture } from './support/pipeline-fixture';
import { sendRecords } from './support/send-records';

/** Event times no layer may take, as a foreign producer (not ingest) writes them: one of each per partition. */
const OUT_OF_RANGE = [
  ['future', '"2100-01-01T00:00:00Z"'],
  ['pre1970', String(-86_400_000)],
  ['huge', '1e21'],
] as const;

/**
 * Records whose event time is far ahead, before 1970 or unrepresentable,
 * written straight into the source topic ahead of normal traffic, must be
 * dead-lettered with event_time_out_of_range and leave every watermark where
 * the normal events put it, so the normal events are counted exactly.
 */
describe('aggregate: event times out of range from a foreign producer', () => {
  let fixture: PipelineFixture;
  let truth: TruthFile;
  let finals: MergedRow[];
  let dead: TestRecord[];
  let finishedAt: number;
  const metrics = new MetricsRegistry();
  const hostile = Array.from({ length: SOURCE_PARTITIONS }, (_, partition) =>
    OUT_OF_RANGE.map(([kind, ts]) => ({ partition, key: `${kind}-${partition}`, value: `{"event_id":"${kind}-${partition}","user_id":"x${partition}","ts":${ts},"type":"page_view","page":"/"}` })),
  ).flat();

  beforeAll(async () => {
    fixture = await createPipelineFixture('agg_event_time');
    const run = generateEvents(fixture.config, { events: 1_500, rate: 1_000, outOfOrder: 0.1, seed: 23, startMs: Date.now() - 60 * 60_000, timeStepMs: 40 });
    truth = computeTruth(fixture.config, run);
    const kafka = testKafka();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: fixture.sourceTopic, messages: hostile });
    await producer.disconnect();
    await sendRecords(kafka, fixture.sourceTopic, run.records);

    const aggregator = new Aggregator({ config: fixture.config, kafka, logger: silentLogger, metrics });
    await aggregator.start();
    try {
      await everyWindowClosed(metrics, fixture.config, fixture.sourceTopic, run.records.length + hostile.length);
    } finally {
      await aggregator.stop();
    }
    finishedAt = Date.now();
    finals = mergeFinals(fixture.config, await readResults(fixture.config));
    dead = await readAllRecords(fixture.config.kafka.topics.deadLetter);
  }, 180_000);

  it('dead-letters each out-of-range record with event_time_out_of_range and its origin', () => {
    expect(dead.map((record) => String(record.key)).sort()).toEqual(hostile.map((record) => record.key).sort());
    for (const record of dead) {
      expect(String(record.headers['sluice-reason'])).toMatch(/^event_time_out_of_range: ts /);
      expect(String(record.headers['sluice-topic'])).toBe(fixture.sourceTopic);
    }
    expect(metrics.counter('sluice_aggregator_dead_letters_total', '').get({ topic: fixture.sourceTopic })).toBe(hostile.length);
  });

  it('sends no normal event to the late topic', async () => {
    expect(truth.lateEventIds).toEqual([]);
    expect(await readAllRecords(fixture.config.kafka.topics.late)).toEqual([]);
    for (const view of fixture.config.views) expect(metrics.counter('sluice_aggregator_late_events_total', '').get({ view: view.name })).toBe(0);
  });

  it.each(['pages_10s', 'types_20s', 'sessions'])('%s finals count the normal events exactly', (view) => {
    const expected = truth.views[view]!.speedRows;
    expect(expected.length).toBeGreaterThan(10);
    expect(differences(fixture.config, view, finals, expected)).toEqual([]);
  });

  it('leaves no watermark ahead of the wall clock, in the gauges or the committed metadata', async () => {
    const gauge = metrics.gauge('sluice_aggregator_watermark_ms', '');
    for (const view of fixture.config.views) expect({ view: view.name, ahead: gauge.get({ view: view.name }) > finishedAt }).toEqual({ view: view.name, ahead: false });
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: consumerGroupId(fixture.config, 'aggregator'), topics: [fixture.sourceTopic] });
      const watermarks = (committed?.partitions ?? []).map((partition) => decodeCommitMetadata(partition.metadata)?.watermark);
      expect(watermarks).toHaveLength(SOURCE_PARTITIONS);
      for (const watermark of watermarks) expect(watermark !== undefined && watermark <= finishedAt).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });
});
