/** Environment variables that override connection settings, and where each one lands. */
export const ENVIRONMENT_OVERRIDES = [
  { variable: 'SLUICE_NAME', path: ['name'], parse: 'string' },
  { variable: 'SLUICE_KAFKA_BROKERS', path: ['kafka', 'brokers'], parse: 'list' },
  { variable: 'SLUICE_KAFKA_SASL_PASSWORD', path: ['kafka', 'sasl', 'password'], parse: 'secret' },
  { variable: 'SLUICE_SCHEMA_REGISTRY_URL', path: ['schemaRegistry', 'url'], parse: 'string' },
  { variable: 'SLUICE_SCHEMA_REGISTRY_PASSWORD', path: ['schemaRegistry', 'password'], parse: 'secret' },
  { variable: 'SLUICE_CLICKHOUSE_URL', path: ['clickhouse', 'url'], parse: 'string' },
  { variable: 'SLUICE_CLICKHOUSE_DATABASE', path: ['clickhouse', 'database'], parse: 'string' },
  { variable: 'SLUICE_CLICKHOUSE_USER', path: ['clickhouse', 'user'], parse: 'string' },
  { variable: 'SLUICE_CLICKHOUSE_PASSWORD', path: ['clickhouse', 'password'], parse: 'password' },
  { variable: 'SLUICE_CLICKHOUSE_READER_PASSWORD', path: ['clickhouse', 'reader', 'password'], parse: 'secret' },
  { variable: 'SLUICE_INGEST_HOST', path: ['ingest', 'host'], parse: 'string' },
  { variable: 'SLUICE_INGEST_PORT', path: ['ingest', 'port'], parse: 'number' },
  { variable: 'SLUICE_INGEST_OPS_PORT', path: ['ingest', 'opsPort'], parse: 'number' },
  { variable: 'SLUICE_DASHBOARD_HOST', path: ['dashboard', 'host'], parse: 'string' },
  { variable: 'SLUICE_DASHBOARD_PORT', path: ['dashboard', 'port'], parse: 'number' },
  { variable: 'SLUICE_AGGREGATOR_OPS_PORT', path: ['aggregator', 'opsPort'], parse: 'number' },
  { variable: 'SLUICE_SINK_OPS_PORT', path: ['sink', 'opsPort'], parse: 'number' },
  { variable: 'SLUICE_COMPACTOR_OPS_PORT', path: ['compactor', 'opsPort'], parse: 'number' },
] as const;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Returns a copy of the parsed YAML with environment overrides written in.
 * Values are converted but not validated here: the schema judges them, so a
 * bad override is reported with the same key path as a bad file value.
 */
export function applyEnvironment(raw: unknown, env: Environment): unknown {
  const root: Record<string, unknown> = isRecord(raw) ? structuredClone(raw) : {};
  for (const override of ENVIRONMENT_OVERRIDES) {
    const text = env[override.variable];
    if (text === undefined || text === '') continue;
    if (override.parse === 'secret' || override.parse === 'password') {
      setSecret(root, override.path, text, override.parse === 'password');
      continue;
    }
    setIn(root, override.path, convert(text, override.parse));
  }
  return root;
}

function convert(text: string, parse: 'string' | 'list' | 'number'): unknown {
  if (parse === 'list') return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (parse === 'number') return /^\d+$/.test(text) ? Number(text) : text;
  return text;
}

/**
 * A password from the environment replaces the one in the file, and also its
 * `passwordFile`, so that a deployment can override either. A `secret` only
 * fills a section the file already has: a password alone does not turn SASL
 * on. A `password` belongs to a section every config has (clickhouse), so it
 * makes the section when the file leaves it out.
 */
function setSecret(root: Record<string, unknown>, path: readonly string[], value: string, makeSection: boolean): void {
  if (makeSection) setIn(root, path, value);
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), root);
  if (!isRecord(parent)) return;
  const key = path[path.length - 1] as string;
  delete parent[`${key}File`];
  parent[key] = value;
}

function setIn(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    node = isRecord(next) ? next : (node[key] = {});
  });
  node[path[path.length - 1] as string] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
