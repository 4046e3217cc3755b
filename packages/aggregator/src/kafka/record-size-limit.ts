import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { Logger } from '@sluice/core';

/** Kafka's default message.max.bytes: the record batch bound assumed when the broker's cannot be read. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * What a record batch holds besides record keys and values: the batch header
 * (61 bytes), the request framing, and slack for the client's own additions.
 */
export const BATCH_OVERHEAD_BYTES = 1_024;

/** Per-record framing in a batch (length, attributes, deltas, header count), rounded up. */
export const RECORD_OVERHEAD_BYTES = 64;

/**
 * The largest record batch the results topic takes: the smaller of the
 * topic's max.message.bytes and every broker's message.max.bytes, as far as
 * they can be read. A cluster that refuses to describe its configs (an ACL, an
 * old broker) gets Kafka's default and a warning, never a failed start.
 */
export async function readRecordSizeLimit(admin: Pick<Admin, 'describeCluster' | 'describeConfigs'>, topic: string, logger: Logger): Promise<number> {
  const limits: number[] = [];
  const read = async (what: string, query: () => Promise<number[]>): Promise<void> => {
    try {
      limits.push(...(await query()));
    } catch (error) {
      logger.warn(`could not read ${what}`, { error: error as Error });
    }
  };
  await read(`max.message.bytes of topic ${topic}`, () => configValues(admin, [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }]));
  await read('message.max.bytes of the brokers', async () => {
    const { brokers } = await admin.describeCluster();
    return configValues(admin, brokers.map((broker) => ({ type: ConfigResourceTypes.BROKER, name: String(broker.nodeId), configNames: ['message.max.bytes'] })));
  });
  if (limits.length > 0) {
    const limit = Math.min(...limits);
    logger.info(`record batches to ${topic} stay below ${limit} bytes`, { limitBytes: limit });
    return limit;
  }
  logger.warn(`the record size limit of ${topic} is unknown; assuming Kafka's default`, { limitBytes: KAFKA_DEFAULT_MAX_MESSAGE_BYTES });
  return KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
}

type ConfigQuery = Parameters<Admin['describeConfigs']>[0]['resources'][number];

async function configValues(admin: Pick<Admin, 'describeConfigs'>, resources: ConfigQuery[]): Promise<number[]> {
  if (resources.length === 0) return [];
  const response = await admin.describeConfigs({ resources, includeSynonyms: false });
  return response.resources
    .flatMap((resource) => resource.configEntries)
    .map((entry) => Number(entry.configValue))
    .filter((value) => Number.isInteger(value) && value > 0);
}

/** The most bytes one send may carry (values, keys and per-record framing) so its batch stays below `limitBytes`. */
export function requestBudget(limitBytes: number): number {
  return Math.max(RECORD_OVERHEAD_BYTES, limitBytes - BATCH_OVERHEAD_BYTES);
}

/** The most bytes a record value with a key of `keyBytes` may have, so that the record alone fits one send. */
export function recordValueBudget(limitBytes: number, keyBytes: number): number {
  return Math.max(1, requestBudget(limitBytes) - RECORD_OVERHEAD_BYTES - keyBytes);
}
