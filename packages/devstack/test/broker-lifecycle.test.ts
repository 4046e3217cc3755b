import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { findFreePort, LOCAL_BROKER_ERROR_CODES, startLocalBroker, stopLocalBroker } from '@sluice/devstack';
import { testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';

// Real brokers on a shared machine: jest reads testTimeout only from the root config, not from a project.
jest.setTimeout(120_000);

const SLUICE_BIN = resolve(__dirname, '../../cli/bin/sluice.js');

function listenOn(port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

function runSluice(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [SLUICE_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

async function topicNames(bootstrap: string): Promise<string[]> {
  const admin = new Kafka({ clientId: 'lifecycle-test', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

describe('the local broker launcher', () => {
  let dataDir: string;
  let taken: Server | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-kafka-lifecycle-'));
  });

  afterEach(async () => {
    await new Promise((done) => (taken ? taken.close(done) : done(undefined)));
    taken = undefined;
    await stopLocalBroker(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a taken port with a message that names it', async () => {
    const port = await findFreePort();
    taken = await listenOn(port);

    await expect(startLocalBroker({ port, dataDir })).rejects.toMatchObject({
      code: LOCAL_BROKER_ERROR_CODES.portInUse,
      message: expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`),
    });
  });

  it('makes `sluice kafka up` exit non-zero with the reason when the port is taken', async () => {
    const port = await findFreePort();
    taken = await listenOn(port);

    const result = await runSluice(['kafka', 'up', '--port', String(port), '--data', dataDir]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`sluice kafka up: port ${port} on 127.0.0.1 is already in use`);
    expect(result.stdout).toBe('');
  });

  it('reports the running broker of a data directory instead of starting another', async () => {
    const setupDataDir = process.env['SLUICE_TEST_BROKER_DATA_DIR'];
    if (!setupDataDir) return; // the run uses a broker someone else started; there is no data directory to ask about

    const again = await startLocalBroker({ port: await findFreePort(), dataDir: setupDataDir });

    expect(again.alreadyRunning).toBe(true);
    expect(testBrokers()).toContain(again.bootstrap);
  });

  it('stops a broker, keeps its data, and serves the same topics after a restart', async () => {
    const port = await findFreePort();
    const first = await startLocalBroker({ port, dataDir, maxHeap: '384m' });
    const topic = uniqueName('survives_restart');
    const admin = new Kafka({ clientId: 'lifecycle-test', brokers: [first.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }).finally(() => admin.disconnect());

    const stopped = await stopLocalBroker(dataDir);
    expect(stopped).toMatchObject({ stopped: true, pid: first.pid });
    await expect(access(join(dataDir, 'data', 'meta.properties'))).resolves.toBeUndefined();
    await expect(stopLocalBroker(dataDir)).resolves.toEqual({ stopped: false, reason: 'not-running' });

    const second = await startLocalBroker({ port, dataDir, maxHeap: '384m' });
    expect(second).toMatchObject({ alreadyRunning: false, controllerPort: first.controllerPort });
    expect(await topicNames(second.bootstrap)).toContain(topic);
  });
});
