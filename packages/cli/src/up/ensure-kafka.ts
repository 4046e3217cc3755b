import { join } from 'node:path';
import { SluiceError, type KafkaSettings, type Logger } from '@sluice/core';
import { startLocalBroker, stopLocalBroker } from '@sluice/devstack';
import { connectionRefusal, probeKafka } from '@sluice/kafka';

/** The Kafka `sluice up` uses: one that already answers, or a local broker it started. */
export interface KafkaForUp {
  readonly bootstrap: string;
  /** Stops the broker if `up` started it; leaves a broker it found alone. */
  release(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):(\d+)$/;

/**
 * Uses the configured brokers when they answer; otherwise, when they are on
 * this machine, starts the local KRaft broker on the configured port.
 */
export async function ensureKafka(settings: KafkaSettings, dataDir: string, logger: Logger): Promise<KafkaForUp> {
  const [first] = settings.brokers;
  if (first === undefined) throw new SluiceError('KAFKA_NO_BROKERS', 'kafka.brokers is empty');
  const answers = await probeKafka({ ...settings, brokers: [first] }, 2_000).then(
    (brokerCount) => brokerCount > 0,
    (error: unknown) => {
      // A broker that answers but refuses the login or the certificate is there: starting another would not help.
      const refusal = connectionRefusal(error);
      if (refusal) throw refusal;
      return false;
    },
  );
  if (answers) {
    logger.info('using the Kafka that already answers', { bootstrap: first });
    return { bootstrap: first, release: async () => undefined };
  }
  const local = LOOPBACK.exec(first);
  if (!local) {
    throw new SluiceError('KAFKA_UNREACHABLE', `Kafka at ${first} does not answer, and it is not on this machine, so sluice up cannot start it`, {
      retriable: true,
    });
  }
  const kafkaDir = join(dataDir, 'kafka');
  const broker = await startLocalBroker({
    port: Number(local[2]),
    dataDir: kafkaDir,
    onProgress: (message) => logger.info(message),
  });
  logger.info('started the local Kafka broker', { bootstrap: broker.bootstrap, version: broker.version, dataDir: kafkaDir });
  return {
    bootstrap: broker.bootstrap,
    release: async () => {
      await stopLocalBroker(kafkaDir);
    },
  };
}
