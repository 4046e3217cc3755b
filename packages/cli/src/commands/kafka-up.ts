import { startLocalBroker } from '@sluice/devstack';
import type { Command } from '../command';

/** Where `kafka up` and `kafka down` keep the broker unless told otherwise. */
export const DEFAULT_KAFKA_DATA_DIR = './.sluice/kafka';

/** `sluice kafka up [--port P] [--data DIR]`: a local KRaft broker in the background; prints its bootstrap address. */
export const kafkaUpCommand: Command = {
  name: ['kafka', 'up'],
  summary: 'start a local Apache Kafka broker (KRaft) in the background',
  usage: 'kafka up [--port 9092] [--data ./.sluice/kafka]',
  options: {
    port: { type: 'string', short: 'p', default: '9092' },
    data: { type: 'string', short: 'd', default: DEFAULT_KAFKA_DATA_DIR },
  },
  async run({ options, stdout, stderr, env }) {
    const port = Number(options['port']);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      stderr.write(`sluice kafka up: --port must be a whole number from 1 to 65535 (got ${JSON.stringify(options['port'])})\n`);
      return 2;
    }
    const broker = await startLocalBroker({
      port,
      dataDir: String(options['data']),
      env,
      onProgress: (message) => stderr.write(`${message}\n`),
    });
    const state = broker.alreadyRunning ? 'already running' : 'started';
    stderr.write(`Kafka ${broker.version} ${state} (pid ${broker.pid}, data ${broker.dataDir}, log ${broker.serverLog})\n`);
    // Alone on stdout, so that scripts can take it: BROKERS=$(sluice kafka up)
    stdout.write(`${broker.bootstrap}\n`);
    return 0;
  },
};
