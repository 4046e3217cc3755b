import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLimitedServer, quoteIdentifier, silentLogger, SluiceError, type HttpServerLimits, type Logger } from '@sluice/core';
import { openFailure } from '../engine/open-failure';
import { EmbeddedEngine, type EngineResult } from '../engine/embedded-engine';
import { contentTypeOf, parseRequest, type ParsedRequest } from './http-request';
import { decodedBody, encodeBody, responseCoding } from './http-compression';
import { errorResponse } from './error-response';
import { SERVED_CLICKHOUSE_LIMITS } from './serve-limits';
import { StatementLimiter } from './statement-limiter';
import { removeServeFile, writeServeFile } from '../client/serve-file';

export interface ServeEmbeddedOptions {
  /** The chDB data directory, or `:memory:` for a throw-away one (no serve file). */
  readonly path: string;
  /** A database to create at start if it does not exist. */
  readonly database?: string;
  /** Interface to listen on; loopback by default, since the endpoint has no authentication. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
  /** Statements run at once; the rest queue. */
  readonly maxConcurrentStatements?: number;
  /** Largest request body accepted, after decompression. */
  readonly maxBodyBytes?: number;
  /** Timeouts and connection cap; SERVED_CLICKHOUSE_LIMITS unless given. */
  readonly limits?: HttpServerLimits;
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
  const engine = openEngine(path);
  const { version, timezone } = await startEngine(engine, options.database).catch((error: unknown) => {
    engine.close();
    throw error;
  });
  const limiter = new StatementLimiter(options.maxConcurrentStatements ?? 4);
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024 * 1024;
  const server = createLimitedServer(createServer, options.limits ?? SERVED_CLICKHOUSE_LIMITS, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('request failed', { error });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const common = { 'X-ClickHouse-Server-Display-Name': 'sluice-embedded', 'Keep-Alive': 'timeout=10' };
    if (url.pathname === '/ping' || url.pathname === '/replicas_status') return void response.writeHead(200, { ...common, 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
    if (url.pathname !== '/') return void response.writeHead(404, common).end(`There is no handle ${url.pathname}\n`);
    let parsed: ParsedRequest | undefined;
    try {
      const body = await readBody(request, maxBodyBytes);
      parsed = parseRequest(url, request.headers, body);
      if (!parsed) return void response.writeHead(200, { ...common, 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
      const { statement } = parsed;
      const result = await limiter.run(() => engine.execute(statement));
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

  const port = await listen(server, host, options.port ?? 8123).catch((error: unknown) => {
    engine.close();
    throw error;
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!inMemory) await writeServeFile(path, { pid: process.pid, host, port, url, version, startedAt: new Date().toISOString() });
  logger.info('serving embedded ClickHouse', { path, url, version });

  let stopping: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    path,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        if (inMemory) {
          engine.close();
          await rm(path, { recursive: true, force: true });
        } else {
          await removeServeFile(path, process.pid);
          engine.close();
        }
      })()),
  };
}

function openEngine(path: string): EmbeddedEngine {
  try {
    return new EmbeddedEngine(path);
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
