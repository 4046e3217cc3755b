import { randomBytes } from 'node:crypto';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The secrets docker/compose.yaml mounts, one file each under docker/secrets/:
 * the ClickHouse admin that creates the roles and users at start, the writer
 * (sink, compactor) and reader (dashboard, Grafana) logins, and Grafana's admin.
 */
export const COMPOSE_SECRETS = ['clickhouse_admin_password', 'clickhouse_writer_password', 'clickhouse_reader_password', 'grafana_admin_password'] as const;

/** What became of one secret file. */
export interface SecretFileOutcome {
  readonly name: (typeof COMPOSE_SECRETS)[number];
  readonly path: string;
  readonly created: boolean;
}

/**
 * Writes a fresh random password for every compose secret whose file does not
 * exist yet, and keeps the ones that do (delete a file to rotate it). The
 * directory is 0700, so only its owner reaches the files on the host; the
 * files themselves are 0644 because compose bind-mounts them as they are, and
 * each image reads them as its own non-root user.
 */
export async function writeComposeSecrets(dir: string): Promise<SecretFileOutcome[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const outcomes: SecretFileOutcome[] = [];
  for (const name of COMPOSE_SECRETS) {
    const path = join(dir, name);
    if (await exists(path)) {
      outcomes.push({ name, path, created: false });
      continue;
    }
    // base64url: no quote, space or newline for a shell, an XML or a URL to trip on. No trailing newline either.
    await writeFile(path, randomBytes(32).toString('base64url'), { mode: 0o644, flag: 'wx' });
    await chmod(path, 0o644); // whatever the umask: the containers' users must read it
    outcomes.push({ name, path, created: true });
  }
  return outcomes;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
