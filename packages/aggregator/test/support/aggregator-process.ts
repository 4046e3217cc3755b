import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** One `sluice aggregate -c FILE` process, built CLI, as a deployment runs it. */
export class AggregatorProcess {
  /** Every process started and not yet exited, so a failed test can leave none behind. */
  private static readonly running = new Set<AggregatorProcess>();
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the ops port once the process prints it. */
  readonly opsPort: Promise<number>;

  private constructor(private readonly child: ChildProcess) {
    AggregatorProcess.running.add(this);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        AggregatorProcess.running.delete(this);
        resolve({ code, signal });
      }),
    );
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

  /**
   * SIGKILLs every process still running. Meant for afterEach: a test that
   * failed half-way would otherwise leave aggregators that keep jest alive.
   */
  static async killAll(): Promise<void> {
    await Promise.all([...AggregatorProcess.running].map((process) => process.kill()));
  }

  /**
   * SIGTERM and the exit code. A drain that does not end within `timeoutMs`
   * is a failure of its own: the process is killed and the error carries its log.
   */
  async terminate(timeoutMs = 60_000): Promise<number | null> {
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), timeoutMs)));
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (outcome !== 'timed out') return outcome.code;
    await this.kill();
    throw new Error(`aggregator did not stop within ${timeoutMs} ms of SIGTERM:\n${this.log()}`);
  }

  /** The metrics text of the running process; a process too busy to answer in 5 s counts as not answering. */
  async metrics(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${await this.opsPort}/metrics`, { signal: AbortSignal.timeout(5_000) });
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
