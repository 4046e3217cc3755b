// A trailing `FORMAT Name`, after which only whitespace, a semicolon or comments may follow.
const TRAILING_FORMAT = /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i;

/** The format named by a statement's trailing FORMAT clause, if it has one. */
export function trailingFormat(sql: string): string | undefined {
  return TRAILING_FORMAT.exec(stripTrailingComments(sql))?.[1];
}

/**
 * Splits an `INSERT ... FORMAT X` statement into the part before the FORMAT
 * clause and the format, so that data can be read `FROM INFILE` instead of
 * following inline. Undefined for anything else.
 */
export function splitInsertFormat(sql: string): { readonly head: string; readonly format: string } | undefined {
  const text = stripTrailingComments(sql);
  if (!/^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*INSERT\b/i.test(text)) return undefined;
  const match = TRAILING_FORMAT.exec(text);
  if (!match?.[1]) return undefined;
  return { head: text.slice(0, match.index).trimEnd(), format: match[1] };
}

function stripTrailingComments(sql: string): string {
  let text = sql.trimEnd();
  for (;;) {
    const next = text.replace(/--[^\n]*$/, '').replace(/\/\*[\s\S]*?\*\/$/, '').trimEnd();
    if (next === text) return text;
    text = next;
  }
}
