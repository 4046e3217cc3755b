import { silentLogger, type KafkaSettings } from '@sluice/core';
import { toSluiceError } from '../errors/kafka-error-table';
import { createKafka } from './create-kafka';

/**
 * Sends one metadata request through the configured connection (TLS, SASL)
 * and returns the number of brokers the cluster reports. No retries: the
 * caller decides. A failure is a SluiceError, so a refused login reads as one.
 */
export async function probeKafka(settings: KafkaSettings, timeoutMs = 2_000): Promise<number> {
  const admin = createKafka({ ...settings, clientId: `${settings.clientId}-probe` }, silentLogger, {
    client: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, authenticationTimeout: timeoutMs, retry: { retries: 0 } },
  }).admin();
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length;
  } catch (error) {
    throw toSluiceError(error, `connecting to Kafka at ${settings.brokers.join(',')}`);
  } finally {
    await admin.disconnect();
  }
}
