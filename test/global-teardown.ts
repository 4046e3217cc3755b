import { rm } from 'node:fs/promises';
import { stopLocalBroker } from '../packages/devstack/src/index';
import { TEST_BROKER_DATA_DIR_VARIABLE } from './global-setup';
import { descendantCommands, sendSignal } from './support/processes';

/**
 * Kills any Sluice process a test left running, naming it, since one left
 * over keeps jest from exiting; then stops the broker that the global setup
 * started (never one it merely reused) and removes its temporary directory.
 */
export default async function globalTeardown(): Promise<void> {
  killLeftoverSluiceProcesses();
  const dataDir = process.env[TEST_BROKER_DATA_DIR_VARIABLE];
  if (!dataDir) return;
  await stopLocalBroker(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  delete process.env[TEST_BROKER_DATA_DIR_VARIABLE];
  delete process.env['SLUICE_TEST_BROKERS'];
}

function killLeftoverSluiceProcesses(): void {
  const leftovers = descendantCommands(process.pid).filter(({ command }) => command.includes('packages/cli/bin/sluice.js'));
  for (const { pid, command } of leftovers) {
    process.stderr.write(`global teardown: killing a Sluice process a test left running: ${pid} ${command}\n`);
    sendSignal(pid, 'SIGKILL');
  }
}
