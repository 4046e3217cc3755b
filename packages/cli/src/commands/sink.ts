import { createClickHouse } from '@sluice/clickhouse';
import { MetricsRegistry, consumerGroupId, createLogger } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { jsonLineSink, loadPipelineFile, startOpsServer, stopOnSignals } from '@sluice/runtime';
import { ServingSink } from '@sluice/sink';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** `sluice sink -c FILE`: window results into ClickHouse; SIGTERM flushes, commits and exits 0. */
export const sinkCommand: Command = {
  name: ['sink'],
  summary: 'run the serving sink: window results into ClickHouse, with the tables and serving views',
  usage: 'sink -c sluice.yaml',
  options: { ...configOption },
  async run({ options, stdout, stderr, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const logger = createLogger({ module: 'sink', sink: jsonLineSink(stderr) });
    const metrics = new MetricsRegistry();
    const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const sink = new ServingSink({ config, kafka: createKafka(config.kafka, logger.child('kafka')), clickhouse: clickhouse.client, logger, metrics });
    const ops = await startOpsServer({
      port: config.sink.opsPort,
      metrics,
      probe: {
        healthy: () => sink.state !== 'failed',
        ready: async () => sink.state === 'running' && (await clickhouse.client.ping()).success,
        details: () => ({ ...sink.details(), clickhouse: clickhouse.endpoint }),
      },
    });
    stdout.write(`sink ops on http://127.0.0.1:${ops.port}\n`);
    try {
      // Listening before start: a SIGTERM during the group join still ends in a clean stop.
      const stopped = stopOnSignals(sink);
      await sink.start();
      stdout.write(`sink running as ${consumerGroupId(config, 'sink')} into ${clickhouse.endpoint}\n`);
      await Promise.race([stopped, sink.done]);
      return 0;
    } finally {
      await ops.close();
      await clickhouse.close();
    }
  },
};
