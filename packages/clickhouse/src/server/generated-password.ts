import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { SluiceError } from '@sluice/core';

/** A password kept in a file, and whether this call created it (and so it has never been shown). */
export interface StoredPassword {
  readonly password: string;
  readonly created: boolean;
}

/**
 * The password in `file`, or a new random one written there first with mode
 * 0600, so that a served endpoint keeps its password across restarts and only
 * its owner can read it.
 */
export async function generatedPassword(file: string): Promise<StoredPassword> {
  const existing = await readPassword(file);
  if (existing !== undefined) return { password: existing, created: false };
  const password = randomBytes(24).toString('base64url');
  try {
    await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it between the read and the write: its password wins.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return generatedPassword(file);
    throw error;
  }
  return { password, created: true };
}

/** The first line of a password file; undefined when there is no such file. */
export async function readPassword(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SluiceError('CLICKHOUSE_PASSWORD_UNREADABLE', `cannot read the ClickHouse password file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password === '') throw new SluiceError('CLICKHOUSE_PASSWORD_UNREADABLE', `the ClickHouse password file ${file} is empty`);
  return password;
}
