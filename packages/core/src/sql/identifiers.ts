/**
 * Names and quoting for the ClickHouse objects of a view. Every generated
 * statement quotes identifiers, so a group field may be any string a user
 * can write in YAML without breaking or injecting into the SQL.
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

/** The speed table: one row of partial state per (window, group, source partition). */
export function speedTableName(view: string): string {
  return `${view}__speed`;
}

/** The batch table: exact rows that the compactor recomputes per period and generation. */
export function batchTableName(view: string): string {
  return `${view}__batch`;
}

/** The table recording which periods batch has made final, and at which generation. */
export function finalTableName(view: string): string {
  return `${view}__final`;
}

/** The serving view is named exactly as the view. */
export function servingViewName(view: string): string {
  return view;
}
