/**
 * How deep an event may nest, counting the event object as level 1.
 * ClickHouse's JSON functions stop reading a document about a thousand levels
 * down and return NULL for every field, so the batch layer would group a
 * deeper event differently from the speed layer; and JSON.stringify exhausts
 * the call stack a few thousand levels down. The limit sits well inside both
 * and far beyond what an app event needs.
 */
export const MAX_JSON_NESTING = 128;

/**
 * What makes a parsed JSON value unfit to be an event although JSON.parse
 * took it: nesting past MAX_JSON_NESTING, or a string (or member name)
 * holding a lone UTF-16 surrogate (`"\ud800"`), which is no text: ClickHouse
 * refuses to store it and other languages' JSON readers refuse to read it.
 */
export type JsonValueIssue = 'too_deeply_nested' | 'lone_surrogate';

/** Why a record with each issue is refused: the reason its dead letter carries. */
export const JSON_VALUE_ISSUE_REASONS: Readonly<Record<JsonValueIssue, string>> = {
  too_deeply_nested: `value nests deeper than ${MAX_JSON_NESTING} levels`,
  lone_surrogate: 'value holds a string with a lone UTF-16 surrogate, which is not text',
};

/**
 * The first issue of a parsed JSON value (the value itself is level 1), or
 * undefined. Walks with an explicit stack, so no depth can exhaust the call
 * stack, and stops at the first container past the limit.
 */
export function jsonValueIssue(value: unknown, maxNesting: number = MAX_JSON_NESTING): JsonValueIssue | undefined {
  if (typeof value === 'string') return isWellFormed(value) ? undefined : 'lone_surrogate';
  if (!isContainer(value)) return undefined;
  const pending: { container: object; level: number }[] = [{ container: value, level: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.level > maxNesting) return 'too_deeply_nested';
    for (const [name, child] of Object.entries(next.container)) {
      if (!isWellFormed(name) || (typeof child === 'string' && !isWellFormed(child))) return 'lone_surrogate';
      if (isContainer(child)) pending.push({ container: child, level: next.level + 1 });
    }
  }
  return undefined;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** String.prototype.isWellFormed, which ES2023's library does not declare yet. */
function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
