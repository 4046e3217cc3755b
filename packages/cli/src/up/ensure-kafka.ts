import { join } from 'node:path';
import { SluiceError, type Logger } from '@sluice/core';
import { probeMetadata, startLocalBroker, stopLocalBroker } from '@sluice/devstack';

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
export async function ensureKafka(brokers: readonly string[], dataDir: string, logger: Logger): Promise<KafkaForUp> {
  const [first] = brokers;
  if (first === undefined) throw new SluiceError('KAFKA_NO_BROKERS', 'kafka.brokers is empty');
  const answers = await probeMetadata(first, 2_000).then(
    (brokerCount) => brokerCount > 0,
    () => false,
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
