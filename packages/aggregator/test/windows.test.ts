import { MetricsRegistry, silentLogger } from '@sluice/core';
import { generateEvents } from '@sluice/producer';
import { computeTruth, type TruthFile } from '@sluice/testkit';
import { Aggregator } from '../src';
import { readAllRecords, testKafka } from '../../../test/support/kafka';
import { everyWindowClosed } from './support/every-window-closed';
import { differences, mergeFinals, readResults, type MergedRow } from './support/final-results';
import { createPipelineFixture, type PipelineFixture } from './support/pipeline-fixture';
import { sendRecords } from './support/send-records';

/**
 * One run over pre-loaded traffic with out-of-order events, duplicates, late
 * events and two poison records; event times lie in the past, so idle
 * handling closes every window once the stream ends.
 */
describe('aggregate: final results against the truth', () => {
  let fixture: PipelineFixture;
  let truth: TruthFile;
  let finals: MergedRow[];
  const metrics = new MetricsRegistry();

  beforeAll(async () => {
    fixture = await createPipelineFixture('agg_windows');
    const run = generateEvents(fixture.config, {
      events: 4_000,
      rate: 1_000,
      late: 0.02,
      duplicates: 0.02,
      outOfOrder: 0.1,
      seed: 11,
      startMs: Date.now() - 60 * 60_000,
      timeStepMs: 40,
    });
    truth = computeTruth(fixture.config, run);
    const kafka = testKafka();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: fixture.sourceTopic,
      messages: [
        { partition: 0, key: 'poison', value: '{"ts": 1, "user_id": ' },
        { partition: 1, key: 'no-time', value: JSON.stringify({ user_id: 'u', page: '/' }) },
      ],
    });
    await producer.disconnect();
    await sendRecords(kafka, fixture.sourceTopic, run.records);

    const aggregator = new Aggregator({ config: fixture.config, kafka, logger: silentLogger, metrics });
    await aggregator.start();
    await everyWindowClosed(metrics, fixture.config, fixture.sourceTopic, run.records.length + 2);
    await aggregator.stop();
    finals = mergeFinals(fixture.config, await readResults(fixture.config));
  }, 180_000);

  it.each(['pages_10s', 'types_20s', 'sessions'])('%s finals equal the speed truth', (view) => {
    const expected = truth.views[view]!.speedRows;
    expect(expected.length).toBeGreaterThan(10);
    expect(differences(fixture.config, view, finals, expected)).toEqual([]);
  });

  it('sends late events to the late topic and counts them, never into finals', async () => {
    expect(truth.lateEventIds.length).toBeGreaterThan(5);
    const late = await readAllRecords(fixture.config.kafka.topics.late);
    const ids = late.map((record) => (JSON.parse(String(record.value)) as { event_id: string }).event_id).sort();
    expect(ids).toEqual([...truth.lateEventIds].sort());
    expect(String(late[0]!.headers['sluice-views'])).toContain('pages_10s');
    expect(metrics.counter('sluice_aggregator_late_events_total', '').get({ view: 'pages_10s' })).toBe(truth.lateEventIds.length);
  });

  it('dead-letters undecodable records with the reason and origin, and processes the rest', async () => {
    const dead = await readAllRecords(fixture.config.kafka.topics.deadLetter);
    expect(dead).toHaveLength(2);
    const byKey = new Map(dead.map((record) => [String(record.key), record.headers]));
    expect(String(byKey.get('poison')!['sluice-reason'])).toMatch(/not JSON/);
    expect(String(byKey.get('poison')!['sluice-topic'])).toBe(fixture.sourceTopic);
    expect(String(byKey.get('poison')!['sluice-partition'])).toBe('0');
    expect(String(byKey.get('poison')!['sluice-offset'])).toBe('0');
    expect(String(byKey.get('no-time')!['sluice-reason'])).toMatch(/field ts/);
    expect(metrics.counter('sluice_aggregator_dead_letters_total', '').get({ topic: fixture.sourceTopic })).toBe(2);
  });
});
