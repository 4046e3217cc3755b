import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { emittedRows, latestRows } from './testing/emitted';
import { SpeedLayerTestbed } from './testing/speed-layer-testbed';
import { T0, sourceRecords, testbedConfig } from './testing/testbed-config';

/**
 * Kafka refusing the aggregator's sends (the broker unreachable) on the
 * speed layer's own writer, flush cycle and schedule, in virtual time: the
 * aggregator keeps retrying, says it is stalled and why, commits nothing past
 * records it could not send, and once sends get through again it is back to
 * `progress: ok` with the same serving table as a run without the outage.
 */
describe('aggregator while Kafka refuses its sends', () => {
  const config = testbedConfig();
  const { results } = config.kafka.topics;
  const INPUT = [sourceRecords(21, 300), sourceRecords(22, 300)];
  /** What a kafkajs send rejects with once its retries against an unreachable broker gave up: an inner retry wrapped by the outer one. */
  const unreachable = () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), { retryCount: 5, retryTime: 3_000 });
    return Object.assign(new KafkaJSNonRetriableError(exhausted), { cause: exhausted.cause ?? exhausted });
  };

  function testbed(): SpeedLayerTestbed {
    const bed = new SpeedLayerTestbed(config, T0 + 60_000);
    INPUT.forEach((records, partition) => bed.produce(partition, records));
    return bed;
  }
  const table = (bed: SpeedLayerTestbed) => [...latestRows(emittedRows(bed.cluster, results)).values()].map((row) => `${row.key} v${row.version} ${row.content}`).sort();

  it('reports emit stalled with the reason meanwhile, commits nothing past unsent records, and clears once a send gets through', async () => {
    const reference = testbed();
    const alone = reference.instance('reference');
    alone.assign([0, 1]);
    await alone.pollAll(0, 50);
    await alone.pollAll(1, 50);
    await reference.advance(100);
    await alone.stop();

    const bed = testbed();
    const only = bed.instance('only');
    only.assign([0, 1]);
    await only.poll(0, 100);
    await only.poll(1, 100);
    await bed.advance(400);
    expect(only.stalls.details()).toEqual({ progress: 'ok' });
    const commitsBefore = bed.cluster.commitHistory.length;
    expect(commitsBefore).toBeGreaterThan(0);
    const rowsBefore = emittedRows(bed.cluster, results).length;

    only.writer.failSends(unreachable());
    await only.poll(0, 100);
    await only.poll(1, 100);
    await bed.advance(3_000);
    expect(only.stalls.details()).toEqual({
      progress: 'stalled',
      stalled: { emit: expect.objectContaining({ reason: expect.stringMatching(/^KAFKA_\w+: could not write \d+ records to eo\.\w+: Connection error: connect ECONNREFUSED/), attempts: expect.any(Number) }) },
    });
    const health = only.stalls.details();
    expect(health.progress === 'stalled' && health.stalled['emit']?.attempts).toBeGreaterThan(1);
    expect(only.metrics.render()).toContain('sluice_aggregator_stalled{activity="emit"} 1');
    // The results folded meanwhile are not in Kafka, and no commit went past them.
    expect(emittedRows(bed.cluster, results)).toHaveLength(rowsBefore);
    expect(bed.cluster.commitHistory).toHaveLength(commitsBefore);

    only.writer.acceptSends();
    await bed.advance(6_000);
    expect(only.stalls.details()).toEqual({ progress: 'ok' });
    expect(only.metrics.render()).toContain('sluice_aggregator_stalled{activity="emit"} 0');
    expect(emittedRows(bed.cluster, results).length).toBeGreaterThan(rowsBefore);
    expect(bed.cluster.commitHistory.length).toBeGreaterThan(commitsBefore);

    await only.pollAll(0, 50);
    await only.pollAll(1, 50);
    await bed.advance(100);
    await only.stop();
    expect(table(bed)).toEqual(table(reference));
  });
});
