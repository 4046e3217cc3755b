import { silentLogger } from '@sluice/core';
import { createKafka, ensureTopics } from '@sluice/kafka';
import { ConfigResourceTypes } from 'kafkajs';
import { testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';

// Real brokers on a shared machine: jest reads testTimeout only from the root config, not from a project.
jest.setTimeout(120_000);

describe('ensureTopics', () => {
  it('creates missing topics once and reports existing ones and partition mismatches', async () => {
    const admin = createKafka({ brokers: testBrokers(), clientId: uniqueName('topics') }, silentLogger).admin();
    await admin.connect();
    try {
      const results = uniqueName('results');
      const late = uniqueName('late');
      const specs = [
        { topic: results, partitions: 3 },
        { topic: late, partitions: 1, config: { 'retention.ms': '3600000' } },
      ];

      const first = await ensureTopics(admin, specs);
      const second = await ensureTopics(admin, specs);
      const changed = await ensureTopics(admin, [{ topic: results, partitions: 6 }]);

      expect([...first.created].sort()).toEqual([late, results].sort());
      expect(second).toEqual({ created: [], existing: [results, late], mismatches: [] });
      expect(changed.mismatches).toEqual([{ topic: results, expected: 6, actual: 3 }]);
      const [config] = (await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: late, configNames: ['retention.ms'] }], includeSynonyms: false })).resources;
      expect(config?.configEntries[0]?.configValue).toBe('3600000');
    } finally {
      await admin.disconnect();
    }
  });
});
