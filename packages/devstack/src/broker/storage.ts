import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrokerFiles } from './broker-files';
import type { KafkaDistribution } from './distribution';
import { LOCAL_BROKER_ERROR_CODES, LocalBrokerError } from './local-broker-error';
import { runTool, tailLines } from './run-tool';
import { addScramArguments, type ScramUser } from './sasl-ssl-listener';

/** True once `log.dirs` holds a formatted KRaft storage (Kafka writes meta.properties there). */
export async function isStorageFormatted(files: BrokerFiles): Promise<boolean> {
  try {
    await access(join(files.logDir, 'meta.properties'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Formats the KRaft storage of a new data directory as a standalone controller
 * quorum (this node is its only voter) and returns the new cluster id.
 */
export async function formatStorage(files: BrokerFiles, distribution: KafkaDistribution, scramUsers: readonly ScramUser[] = []): Promise<string> {
  const clusterId = newClusterId();
  const args = [
    '-cp',
    distribution.classPath,
    `-Dlog4j2.configurationFile=${files.log4jConfig}`,
    'kafka.tools.StorageTool',
    'format',
    '--config',
    files.serverProperties,
    '--cluster-id',
    clusterId,
    '--standalone',
    ...addScramArguments(scramUsers),
  ];
  const result = await runTool('java', args);
  if (result.exitCode !== 0) {
    throw new LocalBrokerError(
      LOCAL_BROKER_ERROR_CODES.storageFormatFailed,
      `formatting the Kafka storage in ${files.logDir} failed (exit ${String(result.exitCode ?? result.signal)}):\n${tailLines(result.output)}`,
    );
  }
  return clusterId;
}

/**
 * A Kafka cluster id: 16 random bytes in URL-safe base64 without padding, as
 * `kafka-storage random-uuid` prints, minus ids starting with '-' (which a
 * command line would read as an option).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
