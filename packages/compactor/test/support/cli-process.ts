import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

const SLUICE = join(__dirname, '../../../cli/bin/sluice.js');

/** A `sluice` sub-process; its stderr (JSON logs) goes to `logFile`. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
}

/** Starts `node packages/cli/bin/sluice.js ARGS` (run `npx turbo run build` first). */
export function startCli(args: readonly string[], logFile: string): CliProcess {
  const child = spawn(process.execPath, [SLUICE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr?.pipe(log);
  let stdout = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const found = stdout.split('\n').find((text) => waiter.pattern.test(text));
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    exited,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const found = stdout.split('\n').find((text) => pattern.test(text));
        if (found !== undefined) return resolve(found);
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`sluice ${args.join(' ')} exited (${code}) before printing ${pattern}; see ${logFile}`)));
      }),
  };
}
