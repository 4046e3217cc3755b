import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SluiceError } from '@sluice/core';

/**
 * Explains why chDB could not open `path`. chDB reports only "Failed to create
 * connection" (the engine prints `Cannot lock file .../status` on stderr), so
 * the owner is read from the `status` file the engine keeps locked while it
 * runs, which records its PID.
 */
export function openFailure(path: string, error: unknown, advice: string): SluiceError {
  const message = error instanceof Error ? error.message : String(error);
  const ownerPid = statusFilePid(path);
  if (ownerPid !== undefined && ownerPid !== process.pid && isAlive(ownerPid)) {
    return new SluiceError('CLICKHOUSE_DIRECTORY_LOCKED', `embedded ClickHouse at ${path} is owned by process ${ownerPid} (${join(path, 'status')} is locked); ${advice}`, {
      cause: error,
    });
  }
  return new SluiceError('CLICKHOUSE_OPEN_FAILED', `cannot open embedded ClickHouse at ${path}: ${message}`, { cause: error });
}

function statusFilePid(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(path, 'status'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const match = /^PID: (\d+)$/m.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
