import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { serveEmbeddedClickHouse, type EmbeddedClickHouseServer } from '@sluice/clickhouse';
import { findFreePort } from '@sluice/devstack';
import { testBrokers } from '../../../test/support/kafka';
import { uniqueName } from '../../../test/support/unique-name';
import { waitFor } from '../../../test/support/wait-for';

const repo = join(__dirname, '../../..');
const SLUICE = join(repo, 'packages/cli/bin/sluice.js');
const DOCKER_CONFIG = join(repo, 'docker/sluice.yaml');

interface ComposeService {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * No Docker engine runs here, so each role of docker/compose.yaml runs as a
 * plain process with the compose command line (the mounted sluice.yaml and
 * the role), the compose environment pointed at this machine's Kafka and
 * ClickHouse, and must answer the image's health check.
 */
describe('the compose roles outside a container', () => {
  const compose = parse(readFileSync(join(repo, 'docker/compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const roles = Object.entries(compose.services).filter(([, service]) => service.image === 'sluice:latest');
  const running: ChildProcess[] = [];
  let clickhouse: EmbeddedClickHouseServer | undefined;

  afterAll(async () => {
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(running.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    await clickhouse?.stop();
  });

  it('starts every role with the compose arguments and each reports healthy', async () => {
    // What compose mounts under /run/secrets: the password files, in a directory of the test's own.
    const secrets = await mkdtemp(join(tmpdir(), 'sluice-roles-secrets-'));
    const credentials = { user: 'sluice_writer', password: 'container-roles-password' };
    await writeFile(join(secrets, 'clickhouse_writer_password'), `${credentials.password}\n`);
    await writeFile(join(secrets, 'clickhouse_reader_password'), 'container-roles-reader-password\n');
    const config = join(secrets, 'sluice.yaml');
    await writeFile(config, readFileSync(DOCKER_CONFIG, 'utf8').replaceAll('/run/secrets/', `${secrets}/`));
    clickhouse = await serveEmbeddedClickHouse({ path: await mkdtemp(join(tmpdir(), 'sluice-roles-')), port: 0, credentials });
    const name = uniqueName('roles');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SLUICE_NAME: name,
      SLUICE_KAFKA_BROKERS: testBrokers().join(','),
      SLUICE_CLICKHOUSE_URL: clickhouse.url,
      SLUICE_CLICKHOUSE_DATABASE: name,
      SLUICE_INGEST_PORT: String(await findFreePort()),
      SLUICE_INGEST_OPS_PORT: String(await findFreePort()),
      SLUICE_DASHBOARD_PORT: String(await findFreePort()),
      SLUICE_AGGREGATOR_OPS_PORT: String(await findFreePort()),
      SLUICE_SINK_OPS_PORT: String(await findFreePort()),
      SLUICE_COMPACTOR_OPS_PORT: String(await findFreePort()),
    };
    expect(roles.map(([service]) => service).sort()).toEqual(['aggregator', 'compactor', 'dashboard', 'ingest', 'sink']);
    const logs = new Map<ChildProcess, string>();
    for (const [, service] of roles) {
      const args = (service.command ?? []).map((arg) => (arg === '/etc/sluice/sluice.yaml' ? config : arg));
      const child = spawn(process.execPath, [SLUICE, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      logs.set(child, '');
      child.stderr?.on('data', (chunk: Buffer) => logs.set(child, (logs.get(child)! + chunk.toString('utf8')).slice(-4_000)));
      running.push(child);
    }
    for (const [index, [service, { command }]] of roles.entries()) {
      const role = command?.[0] ?? '';
      const child = running[index]!;
      try {
        await waitFor(
          () => spawnSync(process.execPath, [SLUICE, 'healthcheck', role, '-c', config], { env, encoding: 'utf8' }).status === 0,
          { timeoutMs: 90_000, what: `${service} (sluice ${role}) to report healthy` },
        );
      } catch (error) {
        // Say why: whether the role exited, and the end of its log.
        throw new Error(`${(error as Error).message}; exit code ${String(child.exitCode)}; log tail:\n${logs.get(child) ?? ''}`);
      }
    }
    expect(running.every((child) => child.exitCode === null)).toBe(true);
  }, 240_000);
});
