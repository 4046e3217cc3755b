import { MetricsRegistry, createLogger } from '@sluice/core';
import { createKafka, ensureSourceTopics } from '@sluice/kafka';
import { startIngest } from '@sluice/producer';
import { jsonLineSink, loadPipelineFile, stopOnSignals } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** `sluice ingest -c FILE`: HTTP ingest into Kafka; SIGTERM stops accepting, delivers what was accepted, exits 0. */
export const ingestCommand: Command = {
  name: ['ingest'],
  summary: 'run the HTTP ingest service: POST /v1/events into Kafka, 202 once Kafka acknowledged',
  usage: 'ingest -c sluice.yaml [--port P]',
  options: { ...configOption, port: { type: 'string', short: 'p' } },
  async run({ options, stdout, stderr, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    const logger = createLogger({ module: 'ingest', sink: jsonLineSink(stderr) });
    const port = options['port'] === undefined ? undefined : Number(options['port']);
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
      stderr.write(`sluice ingest: --port (${String(options['port'])}) must be a port number between 0 and 65535\n`);
      return 2;
    }
    // Ingest must come up even while Kafka is down (it answers 503 then), so a failure here is only logged.
    await ensureSourceTopics(createKafka(config.kafka, logger.child('kafka')), config, logger).catch((error: unknown) =>
      logger.warn('could not create the source topics yet; the workers that read them will', { error: error as Error }),
    );
    const service = await startIngest(config, { logger, metrics: new MetricsRegistry(), ...(port === undefined ? {} : { port }) });
    stdout.write(`ingest listening on ${service.url}\n`);
    await stopOnSignals(service);
    stdout.write('ingest stopped\n');
    return 0;
  },
};
