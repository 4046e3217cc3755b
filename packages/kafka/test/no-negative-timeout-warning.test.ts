import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testBrokers } from '../../../test/support/kafka';

// Real brokers on a shared machine: jest reads testTimeout only from the root config, not from a project.
jest.setTimeout(120_000);

/**
 * Runs in a plain Node process: jest's sandboxed `process` does not receive the
 * warnings Node's timers emit, so the listener must live in a real one.
 */
const CLIENT = `
const { Kafka, logLevel } = require('kafkajs');
const names = [];
process.on('warning', (warning) => names.push(warning.name));
(async () => {
  const admin = new Kafka({ clientId: 'warnings', brokers: process.env.BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.listTopics();
  await admin.disconnect();
  setImmediate(() => console.log(JSON.stringify(names)));
})().catch((error) => { console.error(error); process.exitCode = 1; });
`;

describe('kafkajs request queue (patched by scripts/patch-kafkajs-negative-timeout.mjs)', () => {
  it('schedules no negative timeout while an admin connects and talks to the broker', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', CLIENT], { env: { ...process.env, BROKERS: testBrokers().join(',') } });
    expect(JSON.parse(stdout.trim()) as string[]).not.toContain('TimeoutNegativeWarning');
  });
});
