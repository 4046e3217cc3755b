import { createTestTopic, readAllRecords, testBrokers } from '../../../test/support/kafka';
import { ingestConfig, postNdjson, startTestIngest, testEvent, type TestIngest } from './support/ingest-fixture';

const BATCH = 50;

describe('a 10x spike', () => {
  let service: TestIngest;
  let topic: string;

  beforeAll(async () => {
    topic = await createTestTopic('ingest_spike', 3);
    service = await startTestIngest(ingestConfig(testBrokers(), topic, 3, { maxInFlightEvents: 300, linger: 20 }));
  });
  afterAll(() => service.stop());

  /** `clients` concurrent senders, each posting `rounds` batches; returns the ids acknowledged with 202 and every status seen. */
  async function load(clients: number, rounds: number, prefix: string) {
    const acknowledged: string[] = [];
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let round = 0; round < rounds; round++) {
          const events = Array.from({ length: BATCH }, (_, i) => testEvent(i, { event_id: `${prefix}-${client}-${round}-${i}` }));
          const answer = await postNdjson(service, events);
          statuses.push(answer.status);
          if (answer.status === 202) acknowledged.push(...events.map((event) => event['event_id'] as string));
          if (answer.status === 503) expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        }
      }),
    );
    return { acknowledged, statuses };
  }

  it('lands every 202-acknowledged event and answers the excess with 503 only', async () => {
    const base = await load(2, 10, 'base');
    const spike = await load(20, 10, 'spike');
    const after = await load(2, 10, 'after');

    expect(new Set(base.statuses)).toEqual(new Set([202]));
    expect(new Set(spike.statuses)).toEqual(new Set([202, 503]));
    expect(new Set(after.statuses)).toEqual(new Set([202]));

    const acknowledged = [...base.acknowledged, ...spike.acknowledged, ...after.acknowledged];
    const records = await readAllRecords(topic);
    const landed = records.map((record) => (JSON.parse(String(record.value)) as { event_id: string }).event_id);
    expect(landed.sort()).toEqual(acknowledged.sort());

    const metrics = service.metricsText();
    expect(metrics).toMatch(/^sluice_ingest_unavailable_total\{cause="overloaded"\} [1-9]\d*$/m);
  });
});
