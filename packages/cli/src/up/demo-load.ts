import { join } from 'node:path';
import type { Logger } from '@sluice/core';
import { WorkerProcess } from './worker-process';

/** Events per load generator run: about a minute of traffic at the default rate, small enough to hold in memory. */
const EVENTS_PER_RUN = 12_000;

export interface DemoLoadOptions {
  readonly configPath: string;
  readonly ingestUrl: string;
  readonly rate: number;
  readonly env: NodeJS.ProcessEnv;
  readonly logDir: string;
  readonly logger: Logger;
}

/**
 * Endless demo traffic through ingest. The load generator builds each run
 * (and its truth) in memory, so the demo is a chain of bounded runs, each
 * with the next seed: fresh users and event ids, event times near now.
 */
export class DemoLoad {
  private current: WorkerProcess | undefined;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(private readonly options: DemoLoadOptions) {
    this.loop = this.run();
  }

  /** Stops the run in progress and starts no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { configPath, ingestUrl, rate, env, logDir, logger } = this.options;
    for (let seed = Date.now() % 1_000_000; !this.stopped; seed++) {
      const args = ['loadgen', '-c', configPath, '--events', String(EVENTS_PER_RUN), '--rate', String(rate), '--seed', String(seed), '--url', ingestUrl];
      this.current = new WorkerProcess({ role: 'loadgen', args, env, logFile: join(logDir, 'loadgen.log') });
      const code = await this.current.whenExited();
      if (code !== 0 && !this.stopped) {
        logger.warn('the demo load stopped; see its log', { exitCode: code, log: join(logDir, 'loadgen.log') });
        return;
      }
    }
  }
}
