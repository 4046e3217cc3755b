import { readFile } from 'node:fs/promises';

/**
 * True while `pid` is a live Kafka broker process. Where /proc exists, a
 * reused pid or a process on its way out (empty command line) does not count.
 */
export async function isBrokerProcess(pid: number): Promise<boolean> {
  if (!processExists(pid)) return false;
  const commandLine = await readProc(pid, 'cmdline');
  if (commandLine === undefined) return process.platform !== 'linux';
  return commandLine.includes('kafka.Kafka');
}

/**
 * True once `pid` has released everything it held. A dying process loses its
 * command line before it closes its sockets and file locks, so only a process
 * that is gone or a zombie counts; a restart may then bind the same ports.
 */
export async function hasExited(pid: number): Promise<boolean> {
  if (!processExists(pid)) return true;
  const stat = await readProc(pid, 'stat');
  if (stat === undefined) return process.platform === 'linux';
  // Fields after the parenthesised command name: the first is the state letter.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return true;
    throw error;
  }
}

async function readProc(pid: number, file: 'cmdline' | 'stat'): Promise<string | undefined> {
  try {
    return await readFile(`/proc/${pid}/${file}`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw error;
  }
}
