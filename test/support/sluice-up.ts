import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '@sluice/devstack';
import { waitFor } from './wait-for';

const SLUICE = join(__dirname, '..', '..', 'packages', 'cli', 'bin', 'sluice.js');

/** A `sluice up` process and everything it printed. */
export interface SluiceUp {
  readonly child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  /** Resolves once the board says the pipeline runs; fails with what was printed if it does not. */
  ready(): Promise<void>;
  /** Waits for `check` as waitFor does, but fails at once, with what was printed, if `sluice up` exits meanwhile. */
  waitWhileUp<T>(check: () => Promise<T | undefined | false> | T | undefined | false, options: { timeoutMs?: number; what: string }): Promise<T>;
  /** Ctrl-C: SIGINT, then the exit code. */
  interrupt(): Promise<number | null>;
}

/** Starts `sluice up -c configPath --no-load` with its data in `dataDir`. */
export function startSluiceUp(configPath: string, dataDir: string, clickhousePort: number): SluiceUp {
  const child = spawn(process.execPath, [SLUICE, 'up', '-c', configPath, '--no-load', '--data', dataDir, '--clickhouse-port', String(clickhousePort)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    ready: async () => {
      try {
        await waitFor(() => child.exitCode === null && /Ctrl-C stops everything/.test(text), { timeoutMs: 180_000, what: 'sluice up to start' });
      } catch (error) {
        throw new Error(`${(error as Error).message}; sluice up printed:\n${text}`);
      }
    },
    waitWhileUp: (check, options) =>
      Promise.race([
        waitFor(check, options),
        exited.then((code) => {
          throw new Error(`sluice up exited with code ${code} while waiting for ${options.what}; it printed:\n${text.slice(-20_000)}`);
        }),
      ]),
    interrupt: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** The ports of everything `sluice up` serves, each free when asked. */
export interface UpPorts {
  readonly ingest: number;
  readonly ingestOps: number;
  readonly dashboard: number;
  readonly clickhouse: number;
  readonly aggregator: number;
  readonly sink: number;
  readonly compactor: number;
}

/** A free port for each endpoint of `sluice up`. */
export async function freeUpPorts(): Promise<UpPorts> {
  const [ingest, ingestOps, dashboard, clickhouse, aggregator, sink, compactor] = await Promise.all(Array.from({ length: 7 }, () => findFreePort())) as number[];
  return { ingest: ingest!, ingestOps: ingestOps!, dashboard: dashboard!, clickhouse: clickhouse!, aggregator: aggregator!, sink: sink!, compactor: compactor! };
}
