import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { findFreePort, startLocalBroker, stopLocalBroker } from '../packages/devstack/src/index';

/** Set by the setup when it started the broker itself; the teardown stops exactly that one. */
export const TEST_BROKER_DATA_DIR_VARIABLE = 'SLUICE_TEST_BROKER_DATA_DIR';

const DATA_DIR_PREFIX = 'sluice-test-kafka-';
/** The jest process that owns a test broker; a broker whose owner is gone was left by an interrupted run. */
const OWNER_FILE = 'jest-owner.pid';

/**
 * Starts one real Kafka broker for the whole integration run, through the same
 * launcher as `sluice kafka up`, on a free port in a temporary directory, and
 * hands its address to the test files as SLUICE_TEST_BROKERS. When that
 * variable is already set (a broker someone started with `sluice kafka up`),
 * the run uses that broker and starts nothing.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['SLUICE_TEST_BROKERS']) return;
  await stopOrphanedTestBrokers();
  const dataDir = await mkdtemp(join(tmpdir(), DATA_DIR_PREFIX));
  await writeFile(join(dataDir, OWNER_FILE), `${process.pid}\n`);
  process.env[TEST_BROKER_DATA_DIR_VARIABLE] = dataDir;
  const broker = await startLocalBroker({
    port: await findFreePort(),
    controllerPort: await findFreePort(),
    dataDir,
    maxHeap: '512m',
    onProgress: (message) => process.stderr.write(`\n[global-setup] ${message}\n`),
  });
  await waitForGroupCoordinator(broker.bootstrap);
  process.env['SLUICE_TEST_BROKERS'] = broker.bootstrap;
}

/**
 * The first group lookup makes the broker create __consumer_offsets; doing it
 * here, with kafkajs retrying until the coordinator answers, spares the first
 * consumer test that wait and its error log.
 */
async function waitForGroupCoordinator(bootstrap: string): Promise<void> {
  const admin = new Kafka({ clientId: 'sluice-test-setup', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 20 } }).admin();
  await admin.connect();
  try {
    await admin.describeGroups(['sluice-test-setup']);
  } finally {
    await admin.disconnect();
  }
}

/** Stops brokers that interrupted runs (killed before their teardown) left running, and removes their directories. */
async function stopOrphanedTestBrokers(): Promise<void> {
  for (const entry of await readdir(tmpdir())) {
    if (!entry.startsWith(DATA_DIR_PREFIX)) continue;
    const dataDir = join(tmpdir(), entry);
    if (await isOwnedByLiveRun(dataDir)) continue;
    await stopLocalBroker(dataDir, { gracefulTimeoutMs: 10_000 });
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function isOwnedByLiveRun(dataDir: string): Promise<boolean> {
  let owner: number;
  try {
    owner = Number((await readFile(join(dataDir, OWNER_FILE), 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Another run may have just created the directory; only old ownerless ones are orphans.
    return Date.now() - (await stat(dataDir)).mtimeMs < 10 * 60_000;
  }
  try {
    process.kill(owner, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
