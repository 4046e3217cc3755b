import type { ClickHouseClient } from '@clickhouse/client';
import { quoteIdentifier } from '@sluice/core';

/** Creates database `name` if it does not exist; the client must not itself be bound to `name`. */
export async function ensureDatabase(client: ClickHouseClient, name: string): Promise<void> {
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(name)}` });
}
