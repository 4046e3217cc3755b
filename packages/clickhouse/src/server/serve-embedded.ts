import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLimitedServer, quoteIdentifier, silentLogger, SluiceError, type HttpServerLimits, type Logger } from '@sluice/core';
import { openFailure } from '../engine/open-failure';
import { EmbeddedEngine, type EngineResult, type EngineStatement } from '../engine/embedded-engine';
import { writeServedAccess, type ServedLimits } from '../engine/served-access';
import { authenticationFailure, credentialsMatch, requestCredentials, type ServedCredentials } from './credentials';
import { foreignRequestReason } from './request-origin';
import { hostReachReason } from './host-reach-gate';
import { contentTypeOf, parseRequest, type ParsedRequest } from './http-request';
import { decodedBody, encodeBody, responseCoding } from './http-compression';
import { errorResponse } from './error-response';
import { SERVED_CLICKHOUSE_LIMITS } from './serve-limits';
import { StatementLimiter } from './statement-limiter';
import { ConnectionDrain } from './connection-drain';
import { removeServeFile, writeServeFile } from '../client/serve-file';

export interface ServeEmbeddedOptions {
  /** The chDB data directory, or `:memory:` for a throw-away one (no serve file). */
  readonly path: string;
  /** A database to create at start if it does not exist. */
  readonly database?: string;
  /** Interface to listen on; loopback by default. */
  readonly host?: string;
  /** The one user and password every request must carry (basic auth, X-ClickHouse-User/Key or user/password parameters). */
  readonly credentials: ServedCredentials;
  /** `Host` names accepted besides the loopback names, with the server's port. */
  readonly allowedHosts?: readonly string[];
  /** Limits the engine applies to every statement; callers cannot raise them. */
  readonly limits?: Partial<ServedLimits>;
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
  /** Statements run at once; the rest queue. */
  readonly maxConcurrentStatements?: number;
  /** Largest request body accepted, after decompression. */
  readonly maxBodyBytes?: number;
  /** HTTP timeouts and connection cap; SERVED_CLICKHOUSE_LIMITS unless given. */
  readonly httpLimits?: HttpServerLimits;
  readonly logger?: Logger;
}

/** A running endpoint over an owned data directory. */
export interface EmbeddedClickHouseServer {
  /** `http://host:port`, what `@clickhouse/client`, Grafana and `createClickHouse` connect to. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** Stops listening, removes the serve file and releases the data directory. */
  stop(): Promise<void>;
}

/**
 * Opens (and so owns) an embedded chDB data directory and serves it over
 * ClickHouse's HTTP interface, then writes the serve file that lets other
 * processes find it. Fails with CLICKHOUSE_DIRECTORY_LOCKED when another
 * process owns the directory.
 */
export async function serveEmbeddedClickHouse(options: ServeEmbeddedOptions): Promise<EmbeddedClickHouseServer> {
  const inMemory = options.path === ':memory:';
  // An in-memory engine is a private temp directory, removed when serving stops.
  const path = inMemory ? await mkdtemp(join(tmpdir(), 'sluice-clickhouse-')) : resolve(options.path);
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const access = await writeServedAccess({ ...DEFAULT_LIMITS, ...options.limits });
  let engine: EmbeddedEngine;
  try {
    engine = openEngine(path, access.connectionArgs);
  } catch (error) {
    await access.remove();
    throw error;
  }
  const release = async () => {
    engine.close();
    await access.remove();
  };
  const { version, timezone } = await startEngine(engine, options.database).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  const { credentials } = options;
  const allowedHosts = options.allowedHosts ?? [];
  const allowedStatements = new Set<string>();
  let port = 0;
  const limiter = new StatementLimiter(options.maxConcurrentStatements ?? 4);
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024 * 1024;
  const server = createLimitedServer(createServer, options.httpLimits ?? SERVED_CLICKHOUSE_LIMITS, (request, response) => {
    if (drain.closing) response.setHeader('Connection', 'close');
    void drain.handle(() =>
      handle(request, response).catch((error: unknown) => {
        logger.error('request failed', { error });
        if (!response.headersSent) response.writeHead(500);
        response.end();
      }),
    );
  });
  const drain = new ConnectionDrain(server);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const common = { 'X-ClickHouse-Server-Display-Name': 'sluice-embedded', 'Keep-Alive': 'timeout=10' };
    const foreign = foreignRequestReason(request.headers, port, allowedHosts);
    if (foreign !== undefined) {
      logger.warn('refused a request from a foreign host or origin', { host: request.headers.host, origin: request.headers.origin });
      return void response.writeHead(403, { ...common, 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Exception-Code': '497' }).end(`Code: 497. DB::Exception: ${foreign}. (ACCESS_DENIED) (version ${version})\n`);
    }
    if (url.pathname === '/ping' || url.pathname === '/replicas_status') return void response.writeHead(200, { ...common, 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
    if (url.pathname !== '/') return void response.writeHead(404, common).end(`There is no handle ${url.pathname}\n`);
    let parsed: ParsedRequest | undefined;
    try {
      const given = requestCredentials(url, request.headers);
      if (!credentialsMatch(credentials, given)) throw authenticationFailure(given.user);
      const body = await readBody(request, maxBodyBytes);
      parsed = parseRequest(url, request.headers, body);
      if (!parsed) return void response.writeHead(200, { ...common, 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
      const statement = request.method === 'GET' ? readOnly(parsed.statement) : parsed.statement;
      const result = await limiter.run(async () => {
        await refuseHostReach(engine, statement.sql, allowedStatements);
        return engine.execute(statement);
      });
      const coding = responseCoding(url.searchParams.get('enable_http_compression'), request.headers['accept-encoding']);
      const payload = coding ? encodeBody(result.output, coding) : result.output;
      response.writeHead(200, {
        ...common,
        'Content-Type': contentTypeOf(parsed.outputFormat),
        'X-ClickHouse-Query-Id': parsed.queryId,
        'X-ClickHouse-Format': parsed.outputFormat,
        'X-ClickHouse-Timezone': timezone,
        'X-ClickHouse-Summary': JSON.stringify(summaryOf(result, statement.data !== undefined)),
        ...(coding ? { 'Content-Encoding': coding } : {}),
        'Content-Length': payload.length,
      });
      response.end(payload);
    } catch (error) {
      const failure = errorResponse(error, version);
      logger.debug('statement failed', { code: failure.code, queryId: parsed?.queryId });
      response.writeHead(failure.status, {
        ...common,
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Exception-Code': String(failure.code),
        ...(parsed ? { 'X-ClickHouse-Query-Id': parsed.queryId } : {}),
      });
      response.end(failure.body);
    }
  }

  port = await listen(server, host, options.port ?? 8123).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!inMemory) {
    await writeServeFile(path, { pid: process.pid, host, port, url, version, startedAt: new Date().toISOString(), user: credentials.user, password: credentials.password });
  }
  logger.info('serving embedded ClickHouse', { path, url, version });

  let stopping: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    path,
    stop: () =>
      (stopping ??= (async () => {
        await drain.stop();
        if (inMemory) {
          await release();
          await rm(path, { recursive: true, force: true });
        } else {
          await removeServeFile(path, process.pid);
          await release();
        }
      })()),
  };
}

/** What the endpoint allows one statement when nothing else is configured. */
const DEFAULT_LIMITS: ServedLimits = { maxExecutionSeconds: 300, maxMemoryBytes: 4 * 1024 ** 3, maxResultRows: 10_000_000, maxResultBytes: 1024 ** 3 };

/**
 * A GET runs read-only, as ClickHouse runs it (`readonly = 2`: settings may
 * change, data and schema may not) unless the caller asked for stricter.
 */
function readOnly(statement: EngineStatement): EngineStatement {
  const { readonly: asked, ...settings } = statement.settings ?? {};
  return { ...statement, settings: { ...settings, readonly: asked !== undefined && asked !== '0' ? asked : '2' } };
}

/**
 * Refuses, as ClickHouse refuses a statement its user has no grant for
 * (ACCESS_DENIED), what the engine's grants cannot stop: the `file()`
 * function and the INFILE / OUTFILE clauses, which the embedded engine runs
 * with the serving process's own file access. The engine's own parser judges
 * the statement, so one statement only, whatever its comments and quoting.
 */
async function refuseHostReach(engine: EmbeddedEngine, sql: string, allowed: Set<string>): Promise<void> {
  if (allowed.has(sql)) return;
  const reason = hostReachReason(await engine.canonical(sql));
  if (reason !== undefined) throw new Error(`Code: 497. DB::Exception: ${reason}, which the embedded endpoint does not allow its HTTP callers. (ACCESS_DENIED)`);
  // The pipeline sends the same few statements again and again (data travels apart from them): judge each once.
  if (sql.length <= 4096) {
    if (allowed.size >= 1000) allowed.clear();
    allowed.add(sql);
  }
}

function openEngine(path: string, connectionArgs: readonly string[]): EmbeddedEngine {
  try {
    return new EmbeddedEngine(path, connectionArgs);
  } catch (error) {
    throw openFailure(path, error, 'only one process can own a data directory: connect to the owner, or stop it first');
  }
}

/** The engine's version and time zone, after creating `database` if one is asked for. */
async function startEngine(engine: EmbeddedEngine, database: string | undefined): Promise<{ version: string; timezone: string }> {
  if (database !== undefined) {
    await engine.execute({ sql: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`, format: 'TabSeparated' });
  }
  return engine.describe();
}

function summaryOf(result: EngineResult, isInsert: boolean): Record<string, string> {
  const rows = String(result.rowsRead);
  const bytes = String(result.bytesRead);
  return {
    read_rows: rows,
    read_bytes: bytes,
    written_rows: isInsert ? rows : '0',
    written_bytes: isInsert ? bytes : '0',
    total_rows_to_read: '0',
    result_rows: isInsert ? '0' : rows,
    result_bytes: isInsert ? '0' : String(result.output.length),
    elapsed_ns: String(Math.round(result.elapsedSeconds * 1e9)),
  };
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decodedBody(request, request.headers['content-encoding'])) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new Error(`Code: 1001. DB::Exception: Request body is larger than ${maxBytes} bytes. (STD_EXCEPTION)`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : error.message;
      reject(new SluiceError('CLICKHOUSE_SERVE_FAILED', `cannot serve embedded ClickHouse: ${reason}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}
