import { Kafka, logLevel } from 'kafkajs';

/**
 * Sends one metadata request to `bootstrap` and returns the number of brokers
 * it reports; throws if nothing answers. No retries: the caller polls.
 */
export async function probeMetadata(bootstrap: string, timeoutMs = 2_000): Promise<number> {
  const admin = new Kafka({
    clientId: 'sluice-probe',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length;
  } finally {
    await admin.disconnect();
  }
}

/** True when a broker at `bootstrap` answers a metadata request listing at least one broker. */
export async function answersMetadata(bootstrap: string, timeoutMs?: number): Promise<boolean> {
  try {
    return (await probeMetadata(bootstrap, timeoutMs)) > 0;
  } catch (error) {
    // Not answering yet is the expected state while polling; the caller reports the timeout.
    if (error instanceof Error) return false;
    throw error;
  }
}
