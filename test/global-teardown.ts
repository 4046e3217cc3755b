import { rm } from 'node:fs/promises';
import { stopLocalBroker } from '../packages/devstack/src/index';
import { TEST_BROKER_DATA_DIR_VARIABLE } from './global-setup';

/** Stops the broker that the global setup started (never one it merely reused) and removes its temporary directory. */
export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env[TEST_BROKER_DATA_DIR_VARIABLE];
  if (!dataDir) return;
  await stopLocalBroker(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  delete process.env[TEST_BROKER_DATA_DIR_VARIABLE];
  delete process.env['SLUICE_TEST_BROKERS'];
}
