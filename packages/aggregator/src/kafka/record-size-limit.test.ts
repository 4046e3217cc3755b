import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { createLogger, type LogEntry } from '@sluice/core';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES, readRecordSizeLimit } from './record-size-limit';

type LimitAdmin = Pick<Admin, 'describeCluster' | 'describeConfigs'>;

function adminWith(values: { topic?: string | Error; brokers?: Record<number, string> | Error }): LimitAdmin {
  const brokers = values.brokers instanceof Error ? {} : (values.brokers ?? {});
  return {
    describeCluster: () => (values.brokers instanceof Error ? Promise.reject(values.brokers) : Promise.resolve({ brokers: Object.keys(brokers).map((nodeId) => ({ nodeId: Number(nodeId), host: 'h', port: 1 })), controller: null, clusterId: 'c' })),
    describeConfigs: ({ resources }) => {
      const failure = resources[0]?.type === ConfigResourceTypes.TOPIC ? values.topic : values.brokers;
      if (failure instanceof Error) return Promise.reject(failure);
      return Promise.resolve({
        throttleTime: 0,
        resources: resources.map((resource) => ({
          errorCode: 0,
          errorMessage: '',
          resourceName: resource.name,
          resourceType: resource.type,
          configEntries: [{ configName: 'x', configValue: resource.type === ConfigResourceTypes.TOPIC ? String(values.topic) : String(brokers[Number(resource.name)]), isDefault: false, configSource: 0, isSensitive: false, readOnly: false, configSynonyms: [] }],
        })),
      });
    },
  } as LimitAdmin;
}

function logs() {
  const entries: LogEntry[] = [];
  return { entries, logger: createLogger({ module: 'test', sink: (entry) => entries.push(entry) }) };
}

describe('readRecordSizeLimit', () => {
  it('takes the smaller of the topic limit and every broker limit', async () => {
    const { logger } = logs();
    expect(await readRecordSizeLimit(adminWith({ topic: '65536', brokers: { 1: '1048588', 2: '2000000' } }), 'results', logger)).toBe(65_536);
    expect(await readRecordSizeLimit(adminWith({ topic: '2000000', brokers: { 1: '500000' } }), 'results', logger)).toBe(500_000);
  });

  it('uses what it can read, and Kafka\'s default with a warning when it can read nothing', async () => {
    const denied = new Error('cluster authorization failed');
    const { entries, logger } = logs();
    expect(await readRecordSizeLimit(adminWith({ topic: '300000', brokers: denied }), 'results', logger)).toBe(300_000);
    expect(await readRecordSizeLimit(adminWith({ topic: denied, brokers: denied }), 'results', logger)).toBe(KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
    expect(entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      'could not read message.max.bytes of the brokers',
      'could not read max.message.bytes of topic results',
      'could not read message.max.bytes of the brokers',
      "the record size limit of results is unknown; assuming Kafka's default",
    ]);
  });
});
