import { createClickHouse } from '@sluice/clickhouse';
import { Compactor } from '@sluice/compactor';
import { MetricsRegistry, consumerGroupId, createLogger } from '@sluice/core';
import { createKafka } from '@sluice/kafka';
import { jsonLineSink, loadPipelineFile, stopOnSignals } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** `sluice compact -c FILE`: the batch-layer worker; SIGTERM lands what is buffered, commits and exits 0. */
export const compactCommand: Command = {
  name: ['compact'],
  summary: 'run the batch layer: land the raw stream and make closed periods final',
  usage: 'compact -c sluice.yaml',
  options: { ...configOption },
  async run({ options, stdout, stderr, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const logger = createLogger({ module: 'compactor', sink: jsonLineSink(stderr) });
    const clickhouse = await createClickHouse(config.clickhouse, { ensureDatabase: true });
    const compactor = new Compactor({
      config,
      kafka: createKafka(config.kafka, logger.child('kafka'), { logLevel: 'warn' }),
      clickhouse: clickhouse.client,
      logger,
      metrics: new MetricsRegistry(),
      opsPort: config.compactor.opsPort,
    });
    try {
      await compactor.start();
      stdout.write(`compactor running as ${consumerGroupId(config, 'compactor')}; ops on http://127.0.0.1:${compactor.opsPort ?? '-'}\n`);
      const outcome = await Promise.race([stopOnSignals(compactor).then(() => 'stopped' as const), compactor.failed.then(() => 'failed' as const)]);
      if (outcome === 'failed') {
        await compactor.stop();
        return 1;
      }
      return 0;
    } finally {
      await clickhouse.close();
    }
  },
};
