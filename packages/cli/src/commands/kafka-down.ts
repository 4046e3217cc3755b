import { stopLocalBroker } from '@sluice/devstack';
import type { Command } from '../command';
import { DEFAULT_KAFKA_DATA_DIR } from './kafka-up';

/** `sluice kafka down [--data DIR]`: stops the local broker; its data and logs stay. */
export const kafkaDownCommand: Command = {
  name: ['kafka', 'down'],
  summary: 'stop the local Kafka broker (keeps its data)',
  usage: 'kafka down [--data ./.sluice/kafka]',
  options: {
    data: { type: 'string', short: 'd', default: DEFAULT_KAFKA_DATA_DIR },
  },
  async run({ options, stdout }) {
    const dataDir = String(options['data']);
    const result = await stopLocalBroker(dataDir);
    if (result.stopped) {
      const how = result.killed ? 'killed after it ignored SIGTERM' : 'stopped';
      stdout.write(`Kafka broker (pid ${result.pid}) ${how}; data kept in ${dataDir}\n`);
    } else {
      stdout.write(`no Kafka broker running for ${dataDir}\n`);
    }
    return 0;
  },
};
