import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ClickHouseError, parseError, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { ChdbConnection } from 'chdb/connection';
import { chdbConnections } from '../engine/chdb-library';
import { contextStatements } from '../engine/statement-context';
import { quoteIdentifier } from '@sluice/core';
import { runInsertWithData } from '../engine/spilled-insert';

/** The backend-connection contract of `@clickhouse/client`'s `createClient({ connection })`. */
export type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type InsertParams = Parameters<ClientConnection['insert']>[0];
type InsertResult = Awaited<ReturnType<ClientConnection['insert']>>;

/**
 * chDB's `chdb/connection`, made to behave like a server connection:
 *  - each operation runs on its own chDB connection at the same path, so the
 *    `SET` statements chDB uses for per-query settings do not outlive the query;
 *  - the client's `database` is applied (`USE`) as the HTTP transport does;
 *  - inserts of binary formats (RowBinary, Native, ...) reach the engine as
 *    bytes, where chDB's own insert would decode them as UTF-8 text;
 *  - failures are the stock client's ClickHouseError, as over HTTP.
 * A base connection held for the client's lifetime keeps the directory bound.
 */
export class EmbeddedConnection implements ClientConnection {
  private readonly base: ClientConnection;

  constructor(
    private readonly path: string,
    private readonly database: string,
  ) {
    this.base = asClientConnection(chdbConnections().createChdbConnection({ path }));
  }

  ping(params: Parameters<ClientConnection['ping']>[0]) {
    return this.base.ping(params);
  }

  query(params: Parameters<ClientConnection['query']>[0]) {
    return this.withOperationConnection((connection) => asClientConnection(connection).query(params));
  }

  command(params: Parameters<ClientConnection['command']>[0]) {
    return this.withOperationConnection((connection) => asClientConnection(connection).command(params));
  }

  async exec(params: Parameters<ClientConnection['exec']>[0]): Promise<Awaited<ReturnType<ClientConnection['exec']>>> {
    const { values } = params;
    if (values === undefined) return this.withOperationConnection((connection) => asClientConnection(connection).exec(params));
    const data = await collect(values);
    const { summary, output, queryId } = await this.runWithData(params, data);
    return { query_id: queryId, response_headers: {}, http_status_code: 200, summary, stream: Readable.from([output], { objectMode: false }) };
  }

  async insert(params: InsertParams): Promise<InsertResult> {
    const data = await collect(params.values);
    const { summary, queryId } = await this.runWithData(params, data);
    return { query_id: queryId, response_headers: {}, http_status_code: 200, summary };
  }

  /** A statement with input data sent apart from it, bytes intact (see runInsertWithData). */
  private runWithData(params: InsertParams | Parameters<ClientConnection['exec']>[0], data: Buffer) {
    return this.withOperationConnection(async (connection) => {
      const settings = Object.fromEntries(Object.entries(params.clickhouse_settings ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
      for (const sql of contextStatements({ settings })) await connection.chdb.queryAsync(sql);
      const result = data.length === 0 ? undefined : await runInsertWithData(params.query, data, (sql) => connection.chdb.queryAsync(sql));
      const rows = String(result?.rowsRead ?? 0);
      const bytes = String(result?.bytesRead ?? 0);
      const elapsed = String(Math.round((result?.elapsed ?? 0) * 1e9));
      const output = result === undefined ? Buffer.alloc(0) : Buffer.from(result.bytes());
      const summary = { read_rows: rows, read_bytes: bytes, written_rows: rows, written_bytes: bytes, total_rows_to_read: '0', result_rows: '0', result_bytes: '0', elapsed_ns: elapsed };
      return { queryId: params.query_id ?? randomUUID(), summary, output };
    });
  }

  close(): Promise<void> {
    return this.base.close();
  }

  private async withOperationConnection<T>(operation: (connection: ChdbConnection) => Promise<T>): Promise<T> {
    const connection = chdbConnections().createChdbConnection({ path: this.path });
    try {
      if (this.database !== 'default') await connection.chdb.queryAsync(`USE ${quoteIdentifier(this.database)}`);
      return await operation(connection);
    } catch (error) {
      throw asClientError(error);
    } finally {
      await connection.close();
    }
  }
}

/**
 * chDB implements `@clickhouse/client-common`'s Connection, the same contract
 * the client bundles its own copy of; the copies differ only nominally (a
 * private field of SettingsMap), so the view is safe.
 */
function asClientConnection(connection: ChdbConnection): ClientConnection {
  return connection as unknown as ClientConnection;
}

/**
 * The stock client's ClickHouseError for a chDB failure: chDB raises its own
 * copy of the class (or a plain chDB error), which `instanceof` would not match.
 */
function asClientError(error: unknown): Error {
  const fields = error as { code?: unknown; type?: unknown };
  if (error instanceof Error && typeof fields.code === 'string' && /^\d+$/.test(fields.code)) {
    const type = typeof fields.type === 'string' ? fields.type : undefined;
    return Object.assign(new ClickHouseError({ message: error.message, code: fields.code, ...(type === undefined ? {} : { type }) }), { cause: error });
  }
  const parsed = parseError(error instanceof Error ? error.message : String(error));
  if (parsed !== error && error instanceof Error) parsed.cause = error;
  return parsed;
}

async function collect(values: string | Readable): Promise<Buffer> {
  if (typeof values === 'string') return Buffer.from(values, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of values) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
