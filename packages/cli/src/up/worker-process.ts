import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

/** The `sluice` entry point, so children run the same build as their parent. */
export const SLUICE_BIN = join(__dirname, '..', '..', 'bin', 'sluice.js');

export interface WorkerSpec {
  /** Shown in the status and names the log file. */
  readonly role: string;
  /** Arguments after `sluice`, e.g. `['aggregate', '-c', 'sluice.yaml']`. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
}

/** A worker started as a child process, its output going to its own log file. */
export class WorkerProcess {
  readonly role: string;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private signal: NodeJS.Signals | null = null;

  constructor(spec: WorkerSpec) {
    this.role = spec.role;
    this.logFile = spec.logFile;
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    // A process group of its own: a terminal's Ctrl-C reaches only the supervisor, which stops its children in order
    // with one SIGTERM each, instead of every child at once and then again.
    this.child = spawn(process.execPath, [SLUICE_BIN, ...spec.args], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child.stdout?.pipe(log, { end: false });
    this.child.stderr?.pipe(log, { end: false });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.signal = signal;
        this.exitCode = code ?? (signal ? 128 : null);
        log.end();
        resolve(this.exitCode);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Undefined while running; the exit code once it has exited. */
  get exitStatus(): number | null | undefined {
    return this.exitCode;
  }

  /** How it ended, for people: `code 1`, or `signal SIGKILL` when a signal killed it (its exit code then reads 128). */
  get howItEnded(): string {
    return this.signal === null ? `code ${this.exitCode}` : `signal ${this.signal}`;
  }

  /** Resolves with the exit code when the process ends, however it ends. */
  whenExited(): Promise<number | null> {
    return this.exited;
  }

  /** SIGTERM (the worker drains and commits), then SIGKILL if it has not exited in time. */
  async stop(graceMs = 20_000): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
