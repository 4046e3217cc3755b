import { quoteIdentifier, quoteString } from '@sluice/core';
import { isEngineSetting } from './http-only-settings';

/** What a statement runs with besides its SQL: database, settings and `{name:Type}` parameters. */
export interface StatementContext {
  readonly database?: string | undefined;
  /** Settings in ClickHouse's text form, as they arrive in an HTTP URL. */
  readonly settings?: Readonly<Record<string, string>> | undefined;
  /** Query parameters in ClickHouse's escaped text form (what `param_<name>` carries). */
  readonly params?: Readonly<Record<string, string>> | undefined;
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The statements that put a fresh chDB session into `context`: `USE`, one `SET`
 * per engine setting, one `SET param_<name>` per parameter. Parameters go
 * through `SET` rather than chDB's binder because the binder takes JS values,
 * while HTTP clients send the server's text form (strings already escaped).
 */
export function contextStatements(context: StatementContext): string[] {
  const statements: string[] = [];
  if (context.database !== undefined && context.database !== '') statements.push(`USE ${quoteIdentifier(context.database)}`);
  for (const [name, value] of Object.entries(context.settings ?? {})) {
    if (!isEngineSetting(name)) continue;
    statements.push(`SET ${checkedName(name, 'setting')} = ${quoteString(value)}`);
  }
  for (const [name, value] of Object.entries(context.params ?? {})) {
    statements.push(`SET param_${checkedName(name, 'query parameter')} = ${quoteString(value)}`);
  }
  return statements;
}

function checkedName(name: string, what: string): string {
  if (!SETTING_NAME.test(name)) {
    throw Object.assign(new Error(`Code: 36. DB::Exception: Invalid ${what} name ${JSON.stringify(name)}. (BAD_ARGUMENTS)`), { clickhouseCode: 36 });
  }
  return name;
}
