import { readFile } from 'node:fs/promises';
import { SluiceError } from '@sluice/core';
import type { WorkerProcess } from './worker-process';

/**
 * Polls `url` (a worker's /readyz) until it answers 200, failing early, with the end of the
 * worker's log, if the worker exits first.
 */
export async function waitHealthy(worker: WorkerProcess, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (worker.exitStatus !== undefined) {
      throw new SluiceError('WORKER_EXITED', `${worker.role} exited with code ${worker.exitStatus} while starting:\n${await logTail(worker.logFile)}`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) {
      throw new SluiceError('WORKER_NOT_HEALTHY', `${worker.role} did not answer ${url} within ${timeoutMs}ms; see ${worker.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The last lines of a worker's log, to show why it stopped. */
export async function logTail(path: string, lines = 15): Promise<string> {
  const text = await readFile(path, 'utf8').catch((error: Error) => `(no log: ${error.message})`);
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
