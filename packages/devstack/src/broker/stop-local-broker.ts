import { resolve } from 'node:path';
import { brokerFiles, readPid, removePid } from './broker-files';
import { hasExited, isBrokerProcess } from './broker-process';
import { LOCAL_BROKER_ERROR_CODES, LocalBrokerError } from './local-broker-error';

export interface StopLocalBrokerOptions {
  /** How long a broker gets to shut down cleanly after SIGTERM before it is killed. */
  readonly gracefulTimeoutMs?: number;
}

/** What `stopLocalBroker` did. */
export type StopResult =
  | { readonly stopped: true; readonly pid: number; readonly killed: boolean }
  | { readonly stopped: false; readonly reason: 'not-running' };

/**
 * Stops the broker of `dataDir`: SIGTERM, wait for it to exit, SIGKILL after
 * the timeout. Removes only the pid file; data and logs stay.
 */
export async function stopLocalBroker(dataDir: string, options: StopLocalBrokerOptions = {}): Promise<StopResult> {
  const files = brokerFiles(resolve(dataDir));
  const pid = await readPid(files);
  if (pid === undefined || !(await isBrokerProcess(pid))) {
    await removePid(files);
    return { stopped: false, reason: 'not-running' };
  }
  signal(pid, 'SIGTERM');
  let killed = false;
  if (!(await waitForExit(pid, options.gracefulTimeoutMs ?? 30_000))) {
    signal(pid, 'SIGKILL');
    killed = true;
    if (!(await waitForExit(pid, 10_000))) {
      throw new LocalBrokerError(LOCAL_BROKER_ERROR_CODES.stopFailed, `the Kafka broker (pid ${pid}) did not exit even after SIGKILL`);
    }
  }
  await removePid(files);
  return { stopped: true, pid, killed };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // Exited between the check and the signal: that is the outcome wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() <= deadline) {
    if (await hasExited(pid)) return true;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return false;
}
