import { createKafka } from '@sluice/kafka';
import { MetricsRegistry, rawTableName, silentLogger } from '@sluice/core';
import { Compactor } from '@sluice/compactor';
import { generateEvents } from '@sluice/producer';
import { clickHouseStorage, type ClickHouse } from '@sluice/clickhouse';
import { waitFor } from '../../../test/support/wait-for';
import { openClickHouse, sendRecords, testPipeline } from './support/compactor-fixture';

jest.setTimeout(180_000);
const START = Date.UTC(2026, 1, 2, 8, 0, 0);

/** The value of one series in the Prometheus text, or undefined while it is not published. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('compactor: disk use of tables and topics', () => {
  let clickhouse: ClickHouse | undefined;
  let compactor: Compactor | undefined;

  afterEach(async () => {
    await compactor?.stop();
    await clickhouse?.close();
  });

  it('publishes the bytes and rows of the raw table and the records of the source topic once data has landed', async () => {
    const { config } = await testPipeline(2);
    const run = generateEvents(config, { events: 600, rate: 1_000, timeStepMs: 500, late: 0, duplicates: 0, outOfOrder: 0, seed: 9, startMs: START });
    clickhouse = await openClickHouse(config);
    const registry = new MetricsRegistry();
    compactor = new Compactor({ config, kafka: createKafka(config.kafka, silentLogger, { logLevel: 'error' }), storage: clickHouseStorage(clickhouse), logger: silentLogger, metrics: registry });
    await compactor.start();
    await sendRecords(config, run.records);

    const source = Object.values(config.sources)[0];
    if (!source) throw new Error('no source');
    const raw = rawTableName(source.name);
    const landed = await waitFor(
      () => {
        const text = registry.render();
        const rows = sample(text, `sluice_clickhouse_table_rows{table="${raw}"}`);
        return rows === run.records.length ? text : undefined;
      },
      { what: 'the raw table size published with every landed row' },
    );
    expect(sample(landed, `sluice_clickhouse_table_bytes{table="${raw}"}`)).toBeGreaterThan(0);
    // Every view's tables are listed, with zeros until something is written to them.
    for (const view of config.views) expect(sample(landed, `sluice_clickhouse_table_bytes{table="${view.name}__batch"}`)).toBeGreaterThanOrEqual(0);
    await waitFor(() => sample(registry.render(), `sluice_kafka_topic_records{topic="${source.topic}"}`) === run.records.length, {
      what: 'the source topic size published as its retained records',
    });
  });
});
