import { execFileSync } from 'node:child_process';

/** Every process below `pid`, children first, from `ps`. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (child !== undefined && parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const visit = (parent: number): void => (children.get(parent) ?? []).forEach((child) => (found.push(child), visit(child)));
  visit(pid);
  return found;
}

/** The processes below `pid` with their command lines, for telling which a test left behind. */
export function descendantCommands(pid: number): { pid: number; command: string }[] {
  const commands = new Map<number, string>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' }).trim().split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match) commands.set(Number(match[1]), match[2]!);
  }
  return descendantsOf(pid).map((child) => ({ pid: child, command: commands.get(child) ?? '' }));
}

/** Sends `signal` to `pid` (0 only asks whether it exists); false when no such process is left. */
export function sendSignal(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Whether process `pid` still exists. */
export const isAlive = (pid: number): boolean => sendSignal(pid, 0);
