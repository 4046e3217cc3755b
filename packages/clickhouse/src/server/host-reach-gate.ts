/**
 * Table functions, table engines and dictionary sources (all spelled as a
 * call in ClickHouse's canonical SQL) that read or write the host's files,
 * run its programs or open network connections.
 */
export const HOST_REACHING_CALLS: ReadonlySet<string> = new Set(
  [
    'file', 'fileCluster', 'url', 'urlCluster', 's3', 's3Cluster', 'gcs', 'oss', 'cosn', 'hdfs', 'hdfsCluster',
    'azureBlobStorage', 'azureBlobStorageCluster', 'remote', 'remoteSecure', 'cluster', 'clusterAllReplicas',
    'mysql', 'postgresql', 'mongodb', 'redis', 'sqlite', 'jdbc', 'odbc', 'executable', 'executablePool', 'http',
    'clickhouse', 'iceberg', 'icebergS3', 'icebergAzure', 'icebergHDFS', 'icebergLocal', 'icebergS3Cluster',
    'icebergAzureCluster', 'icebergHDFSCluster', 'deltaLake', 'deltaLakeS3', 'deltaLakeAzure', 'deltaLakeLocal',
    'deltaLakeCluster', 'hudi', 'hudiCluster', 'hive', 'paimon', 'paimonS3', 'paimonAzure', 'paimonHDFS', 'paimonLocal',
    'arrowFlight', 'arrowflight', 'ytsaurus', 'kafka', 'rabbitmq', 'nats', 'filelog', 's3Queue', 'azureQueue',
    'distributed', 'materializedPostgreSQL', 'dictionary',
  ].map((name) => name.toLowerCase()),
);

/** Keywords of the clauses that make the engine itself read or write a host file. */
const HOST_FILE_CLAUSES = /\b(INFILE|OUTFILE)\b/i;
const CALL = /\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;

/**
 * Why a statement, in the canonical single-line form ClickHouse's own
 * formatter gives it (`formatQuerySingleLine`: comments gone, one statement,
 * identifiers unquoted where they can be), must not run for an HTTP caller;
 * undefined when it may. Working on the formatter's output rather than on the
 * caller's text is what makes comments, case and quoting no way around it.
 */
export function hostReachReason(canonical: string): string | undefined {
  const code = withoutStringLiterals(canonical);
  const clause = HOST_FILE_CLAUSES.exec(code)?.[1];
  if (clause !== undefined) return `${clause.toUpperCase()} reads or writes a file on the server's host`;
  for (const [, name] of code.matchAll(CALL)) {
    if (name !== undefined && HOST_REACHING_CALLS.has(name.toLowerCase())) return `${name} reaches the server's host or the network`;
  }
  return undefined;
}

/**
 * The text with every '...' literal blanked and quoted identifiers unquoted,
 * so that only code is left to look at (`file` quoted as an identifier is
 * still a call of `file`; 'file(' in a string is not).
 */
function withoutStringLiterals(sql: string): string {
  let out = '';
  for (let index = 0; index < sql.length; index++) {
    const char = sql[index] as string;
    if (char !== "'" && char !== '`' && char !== '"') {
      out += char;
      continue;
    }
    let body = '';
    for (index++; index < sql.length && sql[index] !== char; index++) {
      if (sql[index] === '\\') index++;
      body += sql[index] ?? '';
    }
    out += char === "'" ? "''" : body;
  }
  return out;
}
