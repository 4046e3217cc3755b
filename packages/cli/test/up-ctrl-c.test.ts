import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@sluice/devstack';
import { testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { descendantsOf, sendSignal } from '../../../test/support/processes';
import { waitFor } from '../../../test/support/wait-for';

const SLUICE = join(__dirname, '..', 'bin', 'sluice.js');
const TRIALS = 4;

/** A small pipeline on free ports, with its own topics and database. */
async function writeConfig(dir: string): Promise<{ config: string; clickhousePort: number }> {
  const name = uniqueName('ctrlc');
  const [ingest, dashboard, aggregator, sink, compactor, clickhousePort] = await Promise.all(Array.from({ length: 6 }, () => findFreePort()));
  const path = join(dir, 'sluice.yaml');
  await writeFile(
    path,
    `name: ${name}
kafka: { brokers: [${JSON.stringify(testBrokers()[0])}] }
clickhouse: { url: "embedded:${join(dir, 'clickhouse')}", database: ${name} }
ingest: { port: ${ingest} }
dashboard: { port: ${dashboard} }
aggregator: { opsPort: ${aggregator}, updateInterval: 500ms, maxOutOfOrderness: 1s, idleTimeout: 1s, commitInterval: 1s }
sink: { opsPort: ${sink}, flushInterval: 200ms }
compactor: { opsPort: ${compactor}, cycleInterval: 1s }
sources:
  events: { topic: ${name}_events, key: user_id, timestamp: ts, partitions: 2 }
views:
  - { name: page_views, source: events, window: { type: tumbling, size: 10s }, groupBy: [page], measures: { views: count } }
`,
  );
  return { config: path, clickhousePort: clickhousePort as number };
}

/** `sluice up` with its demo load, as the leader of a process group of its own, as a terminal runs it. */
function startUp(dir: string, { config, clickhousePort }: { config: string; clickhousePort: number }): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [SLUICE, 'up', '-c', config, '--rate', '50', '--data', join(dir, 'data'), '--clickhouse-port', String(clickhousePort)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

describe('sluice up and Ctrl-C', () => {
  let leftovers: number[] = [];

  afterEach(() => {
    // Whatever a failed trial left running.
    leftovers.forEach((pid) => sendSignal(pid, 'SIGKILL'));
    leftovers = [];
  });

  it.each(Array.from({ length: TRIALS }, (_, trial) => trial + 1))('trial %i: SIGINT to the whole process group stops every worker cleanly and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-ctrl-c-'));
    const { child, output } = startUp(dir, await writeConfig(dir));
    leftovers = [child.pid as number];
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await waitFor(() => /Ctrl-C stops everything/.test(output()) || child.exitCode !== null, { timeoutMs: 180_000, what: 'sluice up to be up' });
    expect(output()).toMatch(/Ctrl-C stops everything/);
    const workers = descendantsOf(child.pid as number);
    leftovers.push(...workers);
    expect(workers.length).toBeGreaterThanOrEqual(5);

    // A terminal sends Ctrl-C to every process of its foreground group, of which sluice up leads this one.
    process.kill(-(child.pid as number), 'SIGINT');
    const { code, signal } = await exited;

    expect({ code, signal, output: code === 0 ? '' : output() }).toEqual({ code: 0, signal: null, output: '' });
    expect(output()).toMatch(/stopped\. Data stays in/);
    await waitFor(() => workers.every((pid) => !sendSignal(pid, 0)), { timeoutMs: 30_000, what: 'every child of sluice up to exit' });
  }, 300_000);
});
