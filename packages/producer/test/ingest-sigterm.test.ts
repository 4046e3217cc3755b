import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '@sluice/devstack';
import { createTestTopic, readAllRecords, testBrokers } from '../../../test/support/kafka';
import { waitFor } from '../../../test/support/wait-for';

const CLI = resolve(__dirname, '..', '..', 'cli', 'bin', 'sluice.js');

describe('sluice ingest on SIGTERM', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ingest-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stops accepting, delivers every accepted event and exits 0', async () => {
    const topic = await createTestTopic('ingest_sigterm', 2);
    const port = await findFreePort();
    const opsPort = await findFreePort();
    const configFile = join(dir, 'sluice.yaml');
    // A long linger keeps requests in flight when the signal arrives.
    await writeFile(
      configFile,
      [
        `kafka: { brokers: [${testBrokers().map((b) => JSON.stringify(b)).join(', ')}] }`,
        `ingest: { port: ${port}, opsPort: ${opsPort}, linger: 300ms }`,
        `sources:`,
        `  events: { topic: ${topic}, key: user_id, timestamp: ts, partitions: 2 }`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, [CLI, 'ingest', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    await waitFor(() => stdout.includes('ingest listening on'), { what: 'ingest to listen' });

    const url = `http://127.0.0.1:${port}/v1/events`;
    const acknowledged: string[] = [];
    const outcomes = Array.from({ length: 8 }, async (_, client) => {
      const events = Array.from({ length: 25 }, (_, i) => ({ event_id: `c${client}-${i}`, user_id: `u${i}`, ts: 1_767_225_600_000 + i }));
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
        if (response.status === 202) acknowledged.push(...events.map((event) => event.event_id));
        else expect(response.status).toBe(503);
      } catch (error) {
        // Refused once the listener closed: nothing was accepted, which is allowed.
        expect(String((error as Error).cause ?? error)).toMatch(/ECONNREFUSED|ECONNRESET|SocketError|other side closed/);
      }
    });
    await new Promise((resolveSoon) => setTimeout(resolveSoon, 100));
    child.kill('SIGTERM');
    await Promise.all(outcomes);
    expect(await exited).toBe(0);
    expect(stdout).toContain('ingest stopped');

    expect(acknowledged.length).toBeGreaterThan(0);
    const landed = (await readAllRecords(topic)).map((record) => (JSON.parse(String(record.value)) as { event_id: string }).event_id);
    expect(landed.sort()).toEqual(acknowledged.sort());
  });
});
