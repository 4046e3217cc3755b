import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { qualifiedName, quoteIdentifier, speedTableColumns, speedTableName, type SpeedInsertOutcome, type SpeedTableWriter, type ViewDefinition } from '@sluice/core';
import { toClickHouseOperationError } from '../errors/clickhouse-operation-error';
import { isRowDataError, refusedRowsReason } from '../errors/row-data-error';

/**
 * Speed rows into `<view>__speed` as RowBinary. The insert token is the
 * content's hash, so a batch re-sent after a crash before commit is dropped
 * on arrival; ReplacingMergeTree folds the rest (one row per key and version).
 */
export class ClickHouseSpeedTableWriter implements SpeedTableWriter {
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async insert(view: ViewDefinition, rows: readonly Uint8Array[]): Promise<SpeedInsertOutcome> {
    const body = Buffer.concat(rows);
    // Same content, same token: a batch re-sent after a crash before commit is dropped on arrival.
    const token = createHash('sha256').update(view.name).update(body).digest('hex');
    try {
      // exec, not insert: the client's insert() takes text and JSON formats only.
      const result = await this.client.exec({
        query: this.statementFor(view),
        values: Readable.from([body], { objectMode: false }),
        clickhouse_settings: { insert_deduplication_token: token },
      });
      await drain(result.stream);
      return { type: 'inserted' };
    } catch (error) {
      const failure = toClickHouseOperationError(error);
      if (!isRowDataError(failure)) throw failure;
      return { type: 'refused', reason: refusedRowsReason(failure, rows.length) };
    }
  }

  private statementFor(view: ViewDefinition): string {
    let statement = this.statements.get(view.name);
    if (statement === undefined) {
      const columns = speedTableColumns(view).map((column) => quoteIdentifier(column.name)).join(', ');
      statement = `INSERT INTO ${qualifiedName(this.database, speedTableName(view.name))} (${columns}) FORMAT RowBinary`;
      this.statements.set(view.name, statement);
    }
    return statement;
  }
}

/** Reads a response to its end, so that an HTTP connection is free for the next request. */
async function drain(stream: Readable): Promise<void> {
  stream.resume();
  await finished(stream);
}
