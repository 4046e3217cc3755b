import { clickHouseStorage, createClickHouse } from '@sluice/clickhouse';
import { MetricsRegistry, consumerGroupId, createLogger, secretsOf } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { jsonLineSink } from '@sluice/runtime';
import { ServingSink } from '@sluice/sink';
import type { Command } from '../command';
import { runRole } from './role';
import { configOption } from './shared-options';

/** `sluice sink -c FILE`: window results into ClickHouse; SIGTERM flushes, commits and exits 0. */
export const sinkCommand: Command = {
  name: ['sink'],
  summary: 'run the serving sink: window results into ClickHouse, with the tables and serving views',
  usage: 'sink -c sluice.yaml',
  options: { ...configOption },
  run: (context) =>
    runRole(context, 'sink', async (config) => {
      const logger = createLogger({ module: 'sink', sink: jsonLineSink(context.stderr), secrets: secretsOf(config) });
      const metrics = new MetricsRegistry();
      const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
      return {
        worker: new ServingSink({ config, kafka: createKafka(config.kafka, logger.child('kafka')), storage: clickHouseStorage(clickhouse), logger, metrics }),
        logger,
        ops: { port: config.sink.opsPort, metrics },
        details: () => ({ clickhouse: clickhouse.endpoint }),
        announce: { ops: (url) => `sink ops on ${url}`, running: () => `sink running as ${consumerGroupId(config, 'sink')} into ${clickhouse.endpoint}` },
        release: () => clickhouse.close(),
      };
    }),
};
