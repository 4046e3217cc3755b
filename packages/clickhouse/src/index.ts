export { createClickHouse, type ClickHouse, type ClickHouseMode, type CreateClickHouseOptions } from './client/create-clickhouse';
export { ensureDatabase } from './client/ensure-database';
export { parseClickHouseUrl, type ClickHouseTarget } from './client/clickhouse-target';
export { readServeFile, serveFilePath, type ServeFile } from './client/serve-file';
export { serveEmbeddedClickHouse, type EmbeddedClickHouseServer, type ServeEmbeddedOptions } from './server/serve-embedded';
export { ClickHouseOperationError, toClickHouseOperationError } from './errors/clickhouse-operation-error';
export { CLICKHOUSE_ERROR_CODES, CONNECTION_ERROR_CODES } from './errors/clickhouse-error-codes';
