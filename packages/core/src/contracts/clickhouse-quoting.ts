/**
 * Quoting for generated ClickHouse SQL. Every generated statement quotes
 * identifiers, so a group field may be any string a user can write in YAML
 * without breaking or injecting into the SQL. The one implementation: the
 * SQL generators, the ClickHouse adapter and the dashboard all use it.
 */

/** `name` as a back-quoted ClickHouse identifier. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** `database`.`name`, both quoted. */
export function qualifiedName(database: string, name: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(name)}`;
}

/** `value` as a single-quoted ClickHouse string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
