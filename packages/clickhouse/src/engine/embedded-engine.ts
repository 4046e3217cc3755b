import type { ChdbResult, Session } from 'chdb';
import { quoteString } from '@sluice/core';
import { chdbSessions } from './chdb-library';
import { contextStatements, type StatementContext } from './statement-context';
import { runInsertWithData } from './spilled-insert';

/** One statement for the embedded engine, shaped like an HTTP request to ClickHouse. */
export interface EngineStatement extends StatementContext {
  readonly sql: string;
  /** Output format when the SQL has no FORMAT clause. */
  readonly format: string;
  /** Input data of an INSERT, sent apart from the statement as HTTP clients do. */
  readonly data?: Buffer | undefined;
}

/** What a statement produced: the output bytes and the engine's counters. */
export interface EngineResult {
  readonly output: Buffer;
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly elapsedSeconds: number;
}

/**
 * The owner's handle on an embedded chDB data directory. Holding `base` keeps
 * the directory bound (and locked against other processes) for as long as the
 * engine is open. Each statement runs on its own short-lived session at the
 * same path, so `SET`, `USE` and parameters never leak between callers, and
 * statements from different callers may run at the same time.
 */
export class EmbeddedEngine {
  private readonly base: Session;
  private closed = false;

  /**
   * Opens (and locks) the data directory; `path` is absolute. `connectionArgs`
   * (engine command-line arguments such as `--config-file`) configure the
   * engine for every later session, since the first connection starts it.
   */
  constructor(
    readonly path: string,
    connectionArgs: readonly string[] = [],
  ) {
    this.base = new (chdbSessions().Session)(path, connectionArgs.length > 0 ? { connectionArgs } : {});
  }

  /** Runs one statement in a fresh session that carries only its own context. */
  async execute(statement: EngineStatement): Promise<EngineResult> {
    if (this.closed) throw new Error(`embedded ClickHouse at ${this.path} is closed`);
    const session = new (chdbSessions().Session)(this.path);
    try {
      const context = contextStatements(statement);
      // One native call for the whole context: each call costs about as much as a small query.
      if (context.length > 0) await session.queryAsync(context.join(';\n'));
      const run = (sql: string) => session.queryAsync(sql, { format: statement.format });
      const result: ChdbResult = statement.data === undefined ? await run(statement.sql) : await runInsertWithData(statement.sql, statement.data, run);
      const bytes = result.bytes();
      return { output: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), rowsRead: result.rowsRead, bytesRead: result.bytesRead, elapsedSeconds: result.elapsed };
    } finally {
      session.close();
    }
  }

  /**
   * The statement in ClickHouse's canonical single-line form, as its own
   * parser and formatter see it: comments dropped, identifiers unquoted where
   * they can be, inline INSERT data left out. Fails as the engine would on a
   * syntax error or on more than one statement.
   */
  async canonical(sql: string): Promise<string> {
    const result = await this.execute({ sql: `SELECT formatQuerySingleLine(${quoteString(sql)})`, format: 'TabSeparatedRaw' });
    return result.output.toString('utf8').trimEnd();
  }

  /** The engine's version and time zone, which the HTTP interface reports in its errors and headers. */
  async describe(): Promise<{ version: string; timezone: string }> {
    const [version = '', timezone = 'UTC'] = (await this.base.queryAsync('SELECT version(), timezone()', { format: 'TabSeparatedRaw' })).text().trim().split('\t');
    return { version, timezone };
  }

  /** Releases the data directory. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.base.close();
  }
}
