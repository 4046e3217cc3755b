import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Per-statement limits the engine enforces for every caller of the served endpoint. */
export interface ServedLimits {
  readonly maxExecutionSeconds: number;
  readonly maxMemoryBytes: number;
  readonly maxResultRows: number;
  readonly maxResultBytes: number;
}

/** Engine arguments that put the served engine under its access rules, and how to remove their files. */
export interface ServedAccess {
  readonly connectionArgs: readonly string[];
  remove(): Promise<void>;
}

/**
 * Grants the engine's one user everything a pipeline needs (tables, views,
 * inserts, ALTER ... DELETE), minus what reaches the host or the network:
 * every source (file, url, s3, remote, mysql, ... as table functions or
 * INSERT INTO FUNCTION), the table engines that wrap them, dictionaries
 * (whose sources do the same), backups (which write files) and shutdown.
 */
const GRANTS = [
  'GRANT ALL ON *.*',
  'REVOKE SOURCES ON *.*',
  'REVOKE CREATE DICTIONARY ON *.*',
  'REVOKE BACKUP ON *.*',
  'REVOKE SYSTEM SHUTDOWN ON *.*',
  ...['File', 'URL', 'S3', 'HDFS', 'MySQL', 'PostgreSQL', 'MongoDB', 'Redis', 'SQLite', 'JDBC', 'ODBC', 'Executable', 'ExecutablePool', 'Distributed', 'Kafka', 'RabbitMQ', 'NATS', 'FileLog', 'AzureBlobStorage', 'Hive'].map(
    (engine) => `REVOKE TABLE ENGINE ON ${engine}`,
  ),
];

/**
 * Writes the engine configuration (a users file: the profile with the limits
 * and the constraints that keep callers from raising them, and the grants)
 * into a private temporary directory. The engine reads it when the first
 * connection to the data directory opens, and applies it to every later one.
 */
export async function writeServedAccess(limits: ServedLimits): Promise<ServedAccess> {
  const directory = await mkdtemp(join(tmpdir(), 'sluice-clickhouse-access-'));
  const users = join(directory, 'users.xml');
  const settings: Record<string, number> = {
    max_execution_time: limits.maxExecutionSeconds,
    max_memory_usage: limits.maxMemoryBytes,
    max_result_rows: limits.maxResultRows,
    max_result_bytes: limits.maxResultBytes,
  };
  // Each limit is bounded on both sides: 0 means "no limit" to ClickHouse and is below any maximum.
  const profile = Object.entries(settings).map(([name, value]) => `      <${name}>${value}</${name}>`);
  const constraints = Object.entries(settings).map(([name, value]) => `        <${name}><min>1</min><max>${value}</max></${name}>`);
  const xml = [
    '<clickhouse>',
    '  <profiles>',
    '    <default>',
    ...profile,
    '      <result_overflow_mode>throw</result_overflow_mode>',
    '      <constraints>',
    ...constraints,
    '        <result_overflow_mode><readonly/></result_overflow_mode>',
    '      </constraints>',
    '    </default>',
    '  </profiles>',
    '  <users>',
    '    <default>',
    '      <password></password>',
    '      <profile>default</profile>',
    '      <quota>default</quota>',
    '      <grants>',
    ...GRANTS.map((grant) => `        <query>${grant}</query>`),
    '      </grants>',
    '    </default>',
    '  </users>',
    '  <quotas><default></default></quotas>',
    '</clickhouse>',
    '',
  ].join('\n');
  await writeFile(users, xml, { mode: 0o600 });
  const config = join(directory, 'config.xml');
  await writeFile(config, `<clickhouse>\n  <users_config>${users}</users_config>\n</clickhouse>\n`, { mode: 0o600 });
  return { connectionArgs: [`--config-file=${config}`], remove: () => rm(directory, { recursive: true, force: true }) };
}
