import { readFile, rename, rm, writeFile } from 'node:fs/promises';

/** What the owner of an embedded data directory publishes next to it: where it serves, and who it is. */
export interface ServeFile {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly version: string;
  readonly startedAt: string;
  /** The credentials the endpoint requires: the file is readable by its owner only (0600). */
  readonly user?: string;
  readonly password?: string;
}

/** `<data dir>.serve.json`: beside the directory rather than in it, so it is never mistaken for engine data. */
export function serveFilePath(dataPath: string): string {
  return `${dataPath.replace(/[/\\]+$/, '')}.serve.json`;
}

/**
 * Publishes the serve file atomically (write, then rename), so readers never
 * see half of it. It holds the endpoint's password, so it is created 0600 and
 * never reuses a file another mode might have been given.
 */
export async function writeServeFile(dataPath: string, content: ServeFile): Promise<void> {
  const target = serveFilePath(dataPath);
  const temporary = `${target}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, target);
}

/** The serve file of `dataPath`, or undefined when there is none or it is unreadable. */
export async function readServeFile(dataPath: string): Promise<ServeFile | undefined> {
  let text: string;
  try {
    text = await readFile(serveFilePath(dataPath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ServeFile>;
    return typeof parsed.pid === 'number' && typeof parsed.url === 'string' ? (parsed as ServeFile) : undefined;
  } catch (error) {
    // A torn or foreign file is no owner; the next owner overwrites it.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Removes the serve file if `pid` wrote it; a newer owner's file stays. */
export async function removeServeFile(dataPath: string, pid: number): Promise<void> {
  const current = await readServeFile(dataPath);
  if (current?.pid === pid) await rm(serveFilePath(dataPath), { force: true });
}

/** True when a process with `pid` exists (signal 0 checks without signalling). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
