import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

/** How a finished tool process ended and everything it printed (stdout and stderr interleaved). */
export interface ToolResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/**
 * Runs a command to completion without a shell. Resolves with its output even
 * when it fails; rejects only when it cannot be started (ENOENT: not on PATH).
 */
export function runTool(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** True when `error` says the executable was not found. */
export function isCommandMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The last `lines` non-empty lines of `text` without terminal colour codes, for error messages. */
export function tailLines(text: string, lines = 20): string {
  return stripVTControlCharacters(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0)
    .slice(-lines)
    .join('\n');
}
