import { randomBytes } from 'node:crypto';
import { generatedPassword, readPassword, type ServedCredentials, type ServedLimits } from '@sluice/clickhouse';
import { SluiceError, type ClickHouseServeSettings, type ClickHouseSettings } from '@sluice/core';

/** The credentials a served endpoint requires, and whether this start generated the password (so it is shown this once). */
export interface ResolvedCredentials {
  readonly credentials: ServedCredentials;
  readonly generated: boolean;
  /** The file that keeps a generated password. */
  readonly file?: string;
}

/** Where the generated password of a served data directory is kept: beside it, like the serve file. */
export function passwordFileOf(dataPath: string): string {
  return `${dataPath.replace(/[/\\]+$/, '')}.password`;
}

/**
 * The served endpoint's user and password: a password file given, else the
 * configured `clickhouse.password` (or SLUICE_CLICKHOUSE_PASSWORD), else one
 * generated on first start and kept, 0600, in `generatedFile` (or, without a
 * file, made up for this run).
 */
export async function servedCredentials(settings: ClickHouseSettings, given: { user?: string; passwordFile?: string; generatedFile?: string }): Promise<ResolvedCredentials> {
  const user = given.user ?? settings.user ?? 'default';
  if (given.passwordFile !== undefined) {
    const password = await readPassword(given.passwordFile);
    if (password === undefined) throw new SluiceError('CLICKHOUSE_PASSWORD_UNREADABLE', `the password file ${given.passwordFile} does not exist`);
    return { credentials: { user, password }, generated: false };
  }
  if (settings.password !== undefined && settings.password !== '') return { credentials: { user, password: settings.password }, generated: false };
  if (given.generatedFile === undefined) return { credentials: { user, password: randomBytes(24).toString('base64url') }, generated: true };
  const stored = await generatedPassword(given.generatedFile);
  return { credentials: { user, password: stored.password }, generated: stored.created, file: given.generatedFile };
}

/** What follows a generated password the one time it is printed: that it will not be shown again, and where it is kept. */
export function generatedPasswordNote(file: string | undefined): string {
  return `generated now and shown only this once${file ? `; kept in ${file}, mode 0600` : ''}`;
}

/** The engine limits of `clickhouse.serve`. */
export function servedLimits(serve: ClickHouseServeSettings): ServedLimits {
  return {
    maxExecutionSeconds: Math.max(1, Math.ceil(serve.maxExecutionTimeMs / 1000)),
    maxMemoryBytes: serve.maxMemoryBytes,
    maxResultRows: serve.maxResultRows,
    maxResultBytes: serve.maxResultBytes,
  };
}

/** True for the interfaces only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
