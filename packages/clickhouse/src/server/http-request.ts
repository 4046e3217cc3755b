import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HTTP_ONLY_PARAMETERS } from '../engine/http-only-settings';
import { trailingFormat } from '../engine/sql-text';
import type { EngineStatement } from '../engine/embedded-engine';

/** A ClickHouse HTTP request, read into what the engine needs and what the answer must echo. */
export interface ParsedRequest {
  readonly statement: EngineStatement;
  readonly queryId: string;
  /** The format the answer is in: the SQL's FORMAT clause, else `default_format`, else TabSeparated. */
  readonly outputFormat: string;
}

const INSERT_STATEMENT = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*INSERT\b/i;

/**
 * Reads a request the way ClickHouse's HTTP interface does: the statement is
 * the `query` URL parameter, the body, or the two joined by a newline; for an
 * INSERT named in the URL the body is its data. `param_<name>` are query
 * parameters, `database` / `default_format` / `query_id` steer the request,
 * and every other parameter is a setting.
 */
export function parseRequest(url: URL, headers: IncomingMessage['headers'], body: Buffer): ParsedRequest | undefined {
  const search = url.searchParams;
  for (const name of ['compress', 'decompress']) {
    if (search.get(name) === '1') {
      // Answering without the framing the client asked for would hand it garbage; say so instead.
      throw new Error(`Code: 36. DB::Exception: ${name}=1 (ClickHouse's LZ4 block framing) is not supported by the embedded endpoint; use HTTP compression (enable_http_compression=1, gzip). (BAD_ARGUMENTS)`);
    }
  }
  const urlQuery = search.get('query') ?? '';
  let sql = urlQuery;
  let data: Buffer | undefined;
  if (urlQuery !== '' && body.length > 0) {
    if (INSERT_STATEMENT.test(urlQuery)) data = body;
    else sql = `${urlQuery}\n${body.toString('utf8')}`;
  } else if (urlQuery === '') {
    sql = body.toString('utf8');
  }
  if (sql.trim() === '') return undefined;

  const settings: Record<string, string> = {};
  const params: Record<string, string> = {};
  for (const [name, value] of search) {
    if (name.startsWith('param_')) params[name.slice('param_'.length)] = value;
    else if (!HTTP_ONLY_PARAMETERS.has(name)) settings[name] = value;
  }
  const database = search.get('database') ?? header(headers, 'x-clickhouse-database');
  const format = search.get('default_format') ?? header(headers, 'x-clickhouse-format') ?? 'TabSeparated';
  return {
    statement: { sql, format, data, database, settings, params },
    queryId: search.get('query_id') || randomUUID(),
    outputFormat: trailingFormat(sql) ?? format,
  };
}

function header(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Content-Type of an answer in `format`, as ClickHouse labels it. */
export function contentTypeOf(format: string): string {
  const name = format.toLowerCase();
  if (name.startsWith('json') || name === 'ndjson' || name === 'jsonlines') {
    return name.includes('eachrow') || name === 'ndjson' || name === 'jsonlines' ? 'application/x-ndjson; charset=UTF-8' : 'application/json; charset=UTF-8';
  }
  if (name.startsWith('csv')) return 'text/csv; charset=UTF-8; header=absent';
  if (name.startsWith('tsv') || name.startsWith('tabseparated')) return 'text/tab-separated-values; charset=UTF-8';
  if (name.startsWith('pretty') || name === 'vertical' || name === 'markdown') return 'text/plain; charset=UTF-8';
  return 'application/octet-stream';
}
