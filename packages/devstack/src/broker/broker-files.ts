import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tailLines } from './run-tool';

/** Where a local broker keeps its pieces inside its data directory. */
export interface BrokerFiles {
  readonly dataDir: string;
  readonly serverProperties: string;
  readonly log4jConfig: string;
  /** `log.dirs`: partitions and the KRaft metadata log. */
  readonly logDir: string;
  /** The broker's own log (log4j2). */
  readonly serverLog: string;
  /** The JVM's stdout and stderr: failures from before logging starts. */
  readonly consoleLog: string;
  readonly pidFile: string;
  /** What must survive restarts: the controller port the storage was formatted with. */
  readonly stateFile: string;
}

/** The file layout of a broker data directory. */
export function brokerFiles(dataDir: string): BrokerFiles {
  return {
    dataDir,
    serverProperties: join(dataDir, 'server.properties'),
    log4jConfig: join(dataDir, 'log4j2.properties'),
    logDir: join(dataDir, 'data'),
    serverLog: join(dataDir, 'logs', 'server.log'),
    consoleLog: join(dataDir, 'logs', 'console.log'),
    pidFile: join(dataDir, 'broker.pid'),
    stateFile: join(dataDir, 'sluice-broker.json'),
  };
}

/** Persisted facts about a formatted data directory. */
export interface BrokerState {
  readonly version: string;
  readonly clusterId: string;
  readonly port: number;
  readonly controllerPort: number;
}

export async function readBrokerState(files: BrokerFiles): Promise<BrokerState | undefined> {
  const text = await readIfExists(files.stateFile);
  return text === undefined ? undefined : (JSON.parse(text) as BrokerState);
}

export async function writeBrokerState(files: BrokerFiles, state: BrokerState): Promise<void> {
  await writeFile(files.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export async function readPid(files: BrokerFiles): Promise<number | undefined> {
  const text = await readIfExists(files.pidFile);
  const pid = text === undefined ? NaN : Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export async function writePid(files: BrokerFiles, pid: number): Promise<void> {
  await writeFile(files.pidFile, `${pid}\n`);
}

export async function removePid(files: BrokerFiles): Promise<void> {
  await rm(files.pidFile, { force: true });
}

/** The last lines of the broker's console and server logs, for error messages. */
export async function brokerLogTail(files: BrokerFiles, lines = 25): Promise<string> {
  const parts: string[] = [];
  for (const file of [files.consoleLog, files.serverLog]) {
    const tail = tailLines(await readEnd(file), lines);
    if (tail) parts.push(`--- ${file} ---\n${tail}`);
  }
  return parts.length > 0 ? parts.join('\n') : '(the broker wrote no log)';
}

/** The last 64 KiB of a file; logs can be large and only their end matters here. */
async function readEnd(path: string, bytes = 64 * 1024): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
