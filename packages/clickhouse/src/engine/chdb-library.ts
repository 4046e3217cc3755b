/**
 * chDB's modules, loaded on first use. Once loaded, its native engine holds
 * about 150 MiB of memory; of a pipeline's processes only the one that owns
 * an embedded data directory needs it, yet every `sluice` command (the
 * workers included) loads this package.
 */
export function chdbSessions(): typeof import('chdb') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return require('chdb') as typeof import('chdb');
}

/** chDB's `@clickhouse/client` connection, loaded on first use like chdbSessions. */
export function chdbConnections(): typeof import('chdb/connection') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see chdbSessions
  return require('chdb/connection') as typeof import('chdb/connection');
}
