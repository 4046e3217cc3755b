import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { quoteString } from '@sluice/core';
import { splitInsertFormat } from './sql-text';

/** Runs one SQL text on a chDB session and returns what it produced. */
export type RunSql<R> = (sql: string) => Promise<R>;

/**
 * Runs `INSERT ... FORMAT X` with `data` as its input. chDB takes statements
 * as JS strings, so data that is not valid UTF-8 (RowBinary, Native, Parquet,
 * any binary format) cannot follow the statement inline; it is written to a
 * private temp file and read with `FROM INFILE`. Text data goes inline.
 */
export async function runInsertWithData<R>(statement: string, data: Buffer, run: RunSql<R>): Promise<R> {
  if (isUtf8(data)) return run(`${statement}\n${data.toString('utf8')}`);
  const split = splitInsertFormat(statement);
  if (!split) {
    throw Object.assign(new Error('Code: 27. DB::Exception: Binary data needs an INSERT statement that ends with FORMAT <name>. (CANNOT_PARSE_INPUT_ASSERTION_FAILED)'), {
      clickhouseCode: 27,
    });
  }
  const file = join(tmpdir(), `sluice-insert-${randomUUID()}.bin`);
  await writeFile(file, data, { mode: 0o600 });
  try {
    return await run(`${split.head} FROM INFILE ${quoteString(file)} FORMAT ${split.format}`);
  } finally {
    await rm(file, { force: true });
  }
}
