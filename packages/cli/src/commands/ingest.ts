import { MetricsRegistry, createLogger, secretsOf } from '@sluice/core';
import { connectionRefusal, createKafka, ensureSourceTopics } from '@sluice/kafka';
import { IngestGuard, startIngest } from '@sluice/producer';
import { jsonLineSink, serviceWorker } from '@sluice/runtime';
import type { Command } from '../command';
import { RoleSettingError, runRole } from './role';
import { configOption } from './shared-options';

/** `sluice ingest -c FILE`: HTTP ingest into Kafka; SIGTERM stops accepting, delivers what was accepted, exits 0. */
export const ingestCommand: Command = {
  name: ['ingest'],
  summary: 'run the HTTP ingest service: POST /v1/events into Kafka, 202 once Kafka acknowledged',
  usage: 'ingest -c sluice.yaml [--port P]',
  options: { ...configOption, port: { type: 'string', short: 'p' } },
  run: (context) =>
    runRole(context, 'ingest', async (config) => {
      const { options } = context;
      const logger = createLogger({ module: 'ingest', sink: jsonLineSink(context.stderr), secrets: secretsOf(config) });
      const port = options['port'] === undefined ? undefined : Number(options['port']);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
        throw new RoleSettingError(`--port (${String(options['port'])}) must be a port number between 0 and 65535`);
      }
      // Keys are loaded (and an open listener refused) before the worker runs, so a bad key file exits as a config error.
      const guard = await IngestGuard.load(config.ingest, config.ingest.host);
      const metrics = new MetricsRegistry();
      // /healthz, /readyz and /metrics are on the loopback ops port, never on the public listener.
      const worker = serviceWorker({
        name: 'ingest',
        start: async () => {
          // Ingest must come up even while Kafka is down (it answers 503 then), so a failure here is only logged;
          // a refused login or certificate is no outage, and waiting would only hide it.
          await ensureSourceTopics(createKafka(config.kafka, logger.child('kafka')), config, logger).catch((error: unknown) => {
            const refusal = connectionRefusal(error, `connecting to Kafka at ${config.kafka.brokers.join(',')}`);
            if (refusal) throw refusal;
            logger.warn('could not create the source topics yet; the workers that read them will', { error: error as Error });
          });
          return startIngest(config, { logger, metrics, guard, ...(port === undefined ? {} : { port }) });
        },
        stop: (service) => service.stop(),
        ready: async (service) => service.ready(),
      });
      return { worker, logger, ops: { port: config.ingest.opsPort, metrics }, announce: { running: () => `ingest listening on ${worker.service?.url}`, stopped: () => 'ingest stopped' } };
    }),
};
