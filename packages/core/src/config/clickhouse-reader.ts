import type { ClickHouseSettings } from './types';

/**
 * The ClickHouse settings the readers (dashboard, `sluice query`) connect
 * with: the writers' ones with `clickhouse.reader`'s login when it is set, so
 * that what only reads can hold a read-only user.
 */
export function readerClickHouseSettings(settings: ClickHouseSettings): ClickHouseSettings {
  if (settings.reader === undefined) return settings;
  const { user, password } = settings.reader;
  // The writers' password never goes with the reader's user.
  const { password: _writerPassword, ...rest } = settings;
  return { ...rest, user, ...(password === undefined ? {} : { password }) };
}
