import { Aggregator } from '@sluice/aggregator';
import { MetricsRegistry, consumerGroupId, createLogger } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { jsonLineSink, loadPipelineFile, startOpsServer, stopOnSignals } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** `sluice aggregate -c FILE`: the speed-layer worker; SIGTERM drains, commits and exits 0. */
export const aggregateCommand: Command = {
  name: ['aggregate'],
  summary: 'run the speed layer: event-time windows from Kafka into the results topic',
  usage: 'aggregate -c sluice.yaml',
  options: { ...configOption },
  async run({ options, stdout, stderr, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const logger = createLogger({ module: 'aggregator', sink: jsonLineSink(stderr) });
    const metrics = new MetricsRegistry();
    const aggregator = new Aggregator({ config, kafka: createKafka(config.kafka, logger.child('kafka')), logger, metrics });
    // Listen for SIGTERM first: a stop while starting or joining the group must drain, not kill.
    const stopped = stopOnSignals(aggregator);
    const ops = await startOpsServer({
      port: config.aggregator.opsPort,
      metrics,
      probe: {
        healthy: () => aggregator.state !== 'failed',
        ready: () => Promise.resolve(aggregator.state === 'running'),
        details: () => aggregator.details(),
      },
    });
    stdout.write(`aggregator ops on http://127.0.0.1:${ops.port}\n`);
    try {
      if (aggregator.state === 'created') await aggregator.start();
      stdout.write(`aggregator running as ${consumerGroupId(config, 'aggregator')}\n`);
      await Promise.race([stopped, aggregator.done]);
      return 0;
    } finally {
      await ops.close();
    }
  },
};
