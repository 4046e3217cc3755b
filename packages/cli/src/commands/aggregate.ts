import { Aggregator } from '@sluice/aggregator';
import { MetricsRegistry, consumerGroupId, createLogger, secretsOf } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { jsonLineSink } from '@sluice/runtime';
import type { Command } from '../command';
import { runRole } from './role';
import { configOption } from './shared-options';

/** `sluice aggregate -c FILE`: the speed-layer worker; SIGTERM drains, commits and exits 0. */
export const aggregateCommand: Command = {
  name: ['aggregate'],
  summary: 'run the speed layer: event-time windows from Kafka into the results topic',
  usage: 'aggregate -c sluice.yaml',
  options: { ...configOption },
  run: (context) =>
    runRole(context, 'aggregate', async (config) => {
      const logger = createLogger({ module: 'aggregator', sink: jsonLineSink(context.stderr), secrets: secretsOf(config) });
      const metrics = new MetricsRegistry();
      return {
        worker: new Aggregator({ config, kafka: createKafka(config.kafka, logger.child('kafka')), logger, metrics }),
        logger,
        ops: { port: config.aggregator.opsPort, metrics },
        announce: { ops: (url) => `aggregator ops on ${url}`, running: () => `aggregator running as ${consumerGroupId(config, 'aggregator')}` },
      };
    }),
};
