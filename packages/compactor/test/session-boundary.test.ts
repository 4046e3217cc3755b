import { isDeepStrictEqual } from 'node:util';
import { createKafka } from '@sluice/kafka';
import { MetricsRegistry, silentLogger, type ViewDefinition } from '@sluice/core';
import { Compactor } from '@sluice/compactor';
import { partitionOf, type GeneratedEvent } from '@sluice/producer';
import { computeTruth } from '@sluice/testkit';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { readAllRecords, testKafka } from '../../../test/support/kafka';
import { waitFor } from '../../../test/support/wait-for';
import { finalBatchRows, normalized, openClickHouse, sendRecords, testPipeline } from './support/compactor-fixture';

jest.setTimeout(120_000);
const at = (time: string) => Date.parse(`2026-04-01T${time}Z`);

function record(id: string, user: string, time: string, partitions: number): GeneratedEvent {
  const event = { event_id: id, ts: at(time), user_id: user, type: 'page_view', page: '/', country: 'KR', latency_ms: id.length * 10 };
  return { event, key: user, partition: partitionOf(user, partitions), kind: 'normal', sendOffsetMs: 0 };
}

/**
 * A session belongs to the period of its first event. Periods are 10 minutes
 * and the gap 2 minutes: u1's session starts at 09:58 and runs into the 10:00
 * period; a late event at 10:03:45 extends it, which must reopen the 09:50 period.
 */
describe('compactor: sessions across a period boundary', () => {
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;

  afterEach(async () => {
    await compactor?.stop();
    await clickhouse?.close();
  });

  it('keeps a session whole in the period of its start, also when a late event extends it', async () => {
    const { config } = await testPipeline(2);
    const visits = config.views.find((view) => view.name === 'visits') as ViewDefinition;
    const p = 2;
    const first = [
      record('a1', 'u1', '09:58:00', p),
      record('a2', 'u1', '09:59:30', p),
      record('a3', 'u1', '10:01:00', p),
      record('a4', 'u1', '10:02:30', p),
      record('b1', 'u2', '10:07:30', p),
      record('b2', 'u2', '10:09:00', p),
      record('b3', 'u2', '10:10:30', p),
      record('c1', 'u3', '10:12:00', p),
    ];
    const late = [record('a5', 'u1', '10:03:45', p)];
    clickhouse = await openClickHouse(config);
    const client = clickhouse.client;
    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: new MetricsRegistry() });
    await compactor.start();

    const expectBatch = async (records: GeneratedEvent[]) => {
      const expected = normalized(computeTruth(config, { source: 'events', records }).views['visits']?.rows ?? []);
      const actual = await waitFor(
        async () => {
          const found = normalized(await finalBatchRows(client, config, visits));
          return isDeepStrictEqual(found, expected) ? found : undefined;
        },
        { what: 'session rows equal to the truth' },
      ).catch(async () => normalized(await finalBatchRows(client, config, visits)));
      expect(actual).toEqual(expected);
      return actual;
    };

    await sendRecords(config, first);
    const before = await expectBatch(first);
    expect(before[`${at('09:58:00')}|${at('10:04:30')}|u1`]).toMatchObject({ events: 4 });
    expect(before[`${at('10:07:30')}|${at('10:12:30')}|u2`]).toMatchObject({ events: 3 });

    // An undecodable record goes to the dead letters with its reason, and nothing else is lost.
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic: config.sources['events']?.topic ?? '', messages: [{ key: 'u9', value: '{"user_id":"u9","ts":"not a time"}' }] });
    await producer.disconnect();
    const deadLetters = await waitFor(async () => {
      const found = await readAllRecords(config.kafka.topics.deadLetter);
      return found.length === 1 ? found : undefined;
    }, { what: 'one dead letter' });
    expect(String(deadLetters[0]?.headers['sluice-reason'])).toContain('field ts is missing or not a time');

    await sendRecords(config, late);
    const after = await expectBatch([...first, ...late]);
    expect(after[`${at('09:58:00')}|${at('10:05:45')}|u1`]).toMatchObject({ events: 5 });
    expect(Object.keys(after).some((key) => key.startsWith(`${at('09:58:00')}|${at('10:04:30')}`))).toBe(false);
  });
});
