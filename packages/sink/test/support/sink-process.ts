import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '../../../../test/support/wait-for';

const CLI = join(__dirname, '../../../cli/bin/sluice.js');

/** A `sluice sink` child process and the ops port it reported. */
export interface SinkProcess {
  readonly child: ChildProcess;
  readonly opsUrl: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stderr, for failure messages. */
  stderr(): string;
}

/** Starts `sluice sink -c configPath` and resolves once it serves its ops endpoints. */
export async function spawnSink(configPath: string): Promise<SinkProcess> {
  const child = spawn(process.execPath, [CLI, 'sink', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const opsUrl = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`sink exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
      return /sink ops on (http:\/\/\S+)/.exec(stdout)?.[1];
    },
    { what: 'sink ops endpoint', timeoutMs: 30_000 },
  );
  return { child, opsUrl, exited, stderr: () => stderr };
}

/** The value of an unlabelled (or summed) metric on the process's /metrics. */
export async function metricValue(opsUrl: string, metric: string): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(metric) && !line.startsWith('#'))
    .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
}
