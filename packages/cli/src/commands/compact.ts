import { clickHouseStorage, createClickHouse } from '@sluice/clickhouse';
import { Compactor } from '@sluice/compactor';
import { MetricsRegistry, consumerGroupId, createLogger, secretsOf } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { jsonLineSink } from '@sluice/runtime';
import type { Command } from '../command';
import { runRole } from './role';
import { configOption } from './shared-options';

/** `sluice compact -c FILE`: the batch-layer worker; SIGTERM lands what is buffered, commits and exits 0. */
export const compactCommand: Command = {
  name: ['compact'],
  summary: 'run the batch layer: land the raw stream and make closed periods final',
  usage: 'compact -c sluice.yaml',
  options: { ...configOption },
  run: (context) =>
    runRole(context, 'compact', async (config) => {
      const logger = createLogger({ module: 'compactor', sink: jsonLineSink(context.stderr), secrets: secretsOf(config) });
      const metrics = new MetricsRegistry();
      const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
      let opsUrl = '-';
      return {
        worker: new Compactor({ config, kafka: createKafka(config.kafka, logger.child('kafka'), { logLevel: 'warn' }), storage: clickHouseStorage(clickhouse), logger, metrics }),
        logger,
        ops: { port: config.compactor.opsPort, metrics },
        announce: {
          ops: (url) => `compactor ops on ${(opsUrl = url)}`,
          running: () => `compactor running as ${consumerGroupId(config, 'compactor')}; ops on ${opsUrl}`,
        },
        release: () => clickhouse.close(),
      };
    }),
};
