import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { findFreePort, startLocalBroker, stopLocalBroker, type LocalBroker } from '@sluice/devstack';
import { freeUpPorts, type UpPorts } from '../../../test/support/sluice-up';
import { makeTestCertificates, type TestCertificates } from '../../../test/support/tls-certificates';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';

const SLUICE = join(__dirname, '..', 'bin', 'sluice.js');
/** The secrets this test configures; none may appear in anything Sluice prints or logs. */
const ALICE_PASSWORD = 'alice-Pw-7f3a9c';
const BOB_PASSWORD = 'bob-Pw-2e81d4';
const WRONG_PASSWORD = 'wrong-Pw-c0ffee';
const CLICKHOUSE_PASSWORD = 'clickhouse-Pw-5b9e02';
const INGEST_KEY = 'ingest-Key-9d41f7';

/** A child process and everything it printed, stdout and stderr together. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [SLUICE, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/**
 * A broker of its own, not the shared plaintext one: a SASL_SSL listener with
 * a certificate from a CA made here and SCRAM users added at format time.
 */
describe('Sluice over SASL_SSL', () => {
  let dir: string;
  let certificates: TestCertificates;
  let broker: LocalBroker;
  let up: ReturnType<typeof run> | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-sasl-'));
    certificates = await makeTestCertificates(dir);
    broker = await startLocalBroker({
      port: await findFreePort(),
      controllerPort: await findFreePort(),
      dataDir: join(dir, 'kafka'),
      maxHeap: '512m',
      saslSsl: {
        port: await findFreePort(),
        keystoreFile: certificates.keystoreFile,
        keystorePassword: certificates.keystorePassword,
        scramUsers: [
          { mechanism: 'SCRAM-SHA-512', name: 'alice', password: ALICE_PASSWORD },
          { mechanism: 'SCRAM-SHA-256', name: 'bob', password: BOB_PASSWORD },
        ],
      },
    });
  }, 180_000);

  afterAll(async () => {
    if (up && up.child.exitCode === null) up.child.kill('SIGKILL');
    if (broker) await stopLocalBroker(broker.dataDir);
  });

  /** The pipeline's config; `secured` adds a configured ClickHouse password and an ingest key, two more secrets to look for. */
  async function writeConfig(name: string, ports: UpPorts, sasl: string, secured?: { clickhousePasswordFile: string }): Promise<string> {
    const path = join(dir, `${name}.yaml`);
    const clickhousePassword = secured ? `, passwordFile: ${JSON.stringify(secured.clickhousePasswordFile)}` : '';
    const ingestKeys = secured ? `, apiKeys: [{ id: tester, sha256: ${createHash('sha256').update(INGEST_KEY).digest('hex')}, sources: ['*'] }]` : '';
    await writeFile(
      path,
      `name: ${name}
kafka:
  brokers: [${JSON.stringify(broker.saslSslBootstrap)}]
  ssl: { caFile: ${JSON.stringify(certificates.caFile)} }
  sasl: ${sasl}
clickhouse: { url: "embedded:${join(dir, name, 'clickhouse')}", database: ${name}${clickhousePassword} }
ingest: { port: ${ports.ingest}, opsPort: ${ports.ingestOps}${ingestKeys} }
dashboard: { port: ${ports.dashboard} }
aggregator: { opsPort: ${ports.aggregator}, updateInterval: 500ms, maxOutOfOrderness: 1s, idleTimeout: 1s, commitInterval: 1s }
sink: { opsPort: ${ports.sink}, flushInterval: 200ms }
compactor: { opsPort: ${ports.compactor}, cycleInterval: 1s }
sources:
  events: { topic: ${name}_events, key: user_id, timestamp: ts, partitions: 2 }
views:
  - name: page_views
    source: events
    window: { type: tumbling, size: 10s }
    groupBy: [page]
    measures: { views: count }
`,
    );
    return path;
  }

  it('runs the whole pipeline as on plaintext, and nothing it prints or logs holds a configured secret', async () => {
    const name = uniqueName('sasl');
    const ports = await freeUpPorts();
    const passwordFile = join(dir, 'alice.password');
    await writeFile(passwordFile, `${ALICE_PASSWORD}\n`, { mode: 0o600 });
    const clickhousePasswordFile = join(dir, 'clickhouse.password');
    await writeFile(clickhousePasswordFile, `${CLICKHOUSE_PASSWORD}\n`, { mode: 0o600 });
    const config = await writeConfig(name, ports, `{ mechanism: scram-sha-512, username: alice, passwordFile: ${JSON.stringify(passwordFile)} }`, { clickhousePasswordFile });
    const dataDir = join(dir, name, 'data');
    up = run(['up', '-c', config, '--no-load', '--data', dataDir, '--clickhouse-port', String(ports.clickhouse)]);
    try {
      await waitFor(() => /Ctrl-C stops everything/.test(up!.output()), { timeoutMs: 180_000, what: 'sluice up to start' });
    } catch (error) {
      throw new Error(`${(error as Error).message}; sluice up printed:\n${up.output()}`);
    }

    const base = Math.floor((Date.now() - 3_600_000) / 10_000) * 10_000;
    const events = [0, 1, 2, 11].map((s, i) => ({ page: i < 3 ? '/home' : '/cart', user_id: `u${i}`, ts: base + s * 1000 }));
    const response = await fetch(`http://127.0.0.1:${ports.ingest}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${INGEST_KEY}` },
      body: events.map((event) => JSON.stringify(event)).join('\n'),
    });
    expect(response.status).toBe(202);

    // The served ClickHouse wants the configured password, which local processes find in its 0600 serve file.
    const serve = JSON.parse(await readFile(join(dir, name, 'clickhouse.serve.json'), 'utf8')) as { url: string; user: string; password: string };
    expect(serve.password).toBe(CLICKHOUSE_PASSWORD);
    const clickhouse = createClient({ url: serve.url, username: serve.user, password: serve.password, database: name });
    const expected = [
      { window_start: base, page: '/home', views: 3 },
      { window_start: base + 10_000, page: '/cart', views: 1 },
    ];
    const rows = await waitFor(
      async () => {
        const result = await clickhouse.query({
          query: 'SELECT toUnixTimestamp64Milli(window_start) AS window_start, page, toUInt64(views) AS views FROM page_views ORDER BY window_start, page',
          format: 'JSONEachRow',
          clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
        });
        const found = await result.json<{ window_start: number; page: string; views: number }>();
        return JSON.stringify(found) === JSON.stringify(expected) ? found : undefined;
      },
      { timeoutMs: 120_000, what: 'the serving view to hold the posted events' },
    );
    await clickhouse.close();
    expect(rows).toEqual(expected);

    // A health answer of every worker, while it runs.
    const health: string[] = [];
    for (const port of [ports.aggregator, ports.sink, ports.compactor]) health.push(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text());

    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    const logDir = join(dataDir, 'logs');
    const logs = await Promise.all((await readdir(logDir)).map((file) => readFile(join(logDir, file), 'utf8')));
    const everything = [up.output(), ...health, ...logs].join('\n');
    expect(everything).toContain('SASL scram-sha-512 as alice');
    for (const secret of [ALICE_PASSWORD, CLICKHOUSE_PASSWORD, INGEST_KEY]) expect(everything).not.toContain(secret);
  }, 420_000);

  it('fails fast with a clear message, without the password, when the password is wrong', async () => {
    const name = uniqueName('sasl_wrong');
    const config = await writeConfig(name, await freeUpPorts(), `{ mechanism: scram-sha-256, username: bob }`);
    for (const command of ['aggregate', 'sink', 'ingest']) {
      const worker = run([command, '-c', config], { SLUICE_KAFKA_SASL_PASSWORD: WRONG_PASSWORD });
      // Exiting at all is the point: a login refused is not retried.
      const code = await worker.exited;
      expect({ command, code: code === 0 ? 0 : 'non-zero' }).toEqual({ command, code: 'non-zero' });
      expect(worker.output()).toContain('KAFKA_AUTHENTICATION_FAILED');
      expect(worker.output()).toMatch(new RegExp(`${command === 'aggregate' ? 'aggregator' : command} could not start: connecting to Kafka at .*authentication failed`));
      expect(worker.output()).not.toContain(WRONG_PASSWORD);
    }
    // A config refused for a typo beside the password names the key, not the password.
    const typo = await writeConfig(`${name}_typo`, await freeUpPorts(), `{ mechanism: scram-sha-256, username: bob, password: ${JSON.stringify(WRONG_PASSWORD)}, usrname: bob }`);
    const refused = run(['aggregate', '-c', typo]);
    expect(await refused.exited).not.toBe(0);
    expect(refused.output()).toContain('kafka.sasl.usrname: is not a known key');
    expect(refused.output()).not.toContain(WRONG_PASSWORD);
    const wrongUp = run(['up', '-c', config, '--no-load', '--data', join(dir, name, 'data')], { SLUICE_KAFKA_SASL_PASSWORD: WRONG_PASSWORD });
    expect(await wrongUp.exited).not.toBe(0);
    expect(wrongUp.output()).toMatch(/authentication failed/i);
    expect(wrongUp.output()).not.toContain(WRONG_PASSWORD);
  }, 300_000);
});
