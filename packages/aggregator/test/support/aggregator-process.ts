import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** One `sluice aggregate -c FILE` process, built CLI, as a deployment runs it. */
export class AggregatorProcess {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the ops port once the process prints it. */
  readonly opsPort: Promise<number>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.opsPort = new Promise((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        const match = /ops on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', () => reject(new Error(`aggregator exited before serving ops:\n${this.log()}`)));
    });
    void this.opsPort.catch(() => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > 4_000_000) this.output = this.output.slice(-2_000_000);
    });
  }

  /** Starts `node packages/cli/bin/sluice.js aggregate -c file` (run `npx turbo run build` first). */
  static start(file: string): AggregatorProcess {
    return new AggregatorProcess(spawn(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/sluice.js'), 'aggregate', '-c', file], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** SIGKILL: no flush, no commit, no goodbye to the group. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and the exit code. */
  async terminate(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return (await this.exited).code;
  }

  /** The metrics text of the running process. */
  async metrics(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${await this.opsPort}/metrics`);
    return response.text();
  }

  /** The end of its stdout and stderr, for failure messages. */
  log(): string {
    return this.output.slice(-20_000);
  }

  /** Everything it printed so far. */
  fullOutput(): string {
    return this.output;
  }
}
