/**
 * @sluice/clickhouse, the ClickHouse adapter. Public: the client for embedded
 * chDB or a server, and the embedded engine served over HTTP.
 * Internal: exported for Sluice's own tests only.
 */
export { createClickHouse } from './client/create-clickhouse';
export type { ClickHouse, ClickHouseMode, CreateClickHouseOptions } from './client/create-clickhouse';
export { ensureDatabase } from './client/ensure-database';
export { parseClickHouseUrl } from './client/clickhouse-target';
export type { ClickHouseTarget } from './client/clickhouse-target';
export { serveEmbeddedClickHouse } from './server/serve-embedded';
export type { EmbeddedClickHouseServer, ServeEmbeddedOptions } from './server/serve-embedded';
export { ClickHouseOperationError, toClickHouseOperationError } from './errors/clickhouse-operation-error';
export { CLICKHOUSE_ERROR_CODES, CONNECTION_ERROR_CODES } from './errors/clickhouse-error-codes';
export { quoteIdentifier, quoteString } from './engine/sql-text';

// Internal.
export { readServeFile, serveFilePath } from './client/serve-file';
export type { ServeFile } from './client/serve-file';
