/**
 * How deep an event may nest, counting the event object as level 1.
 * ClickHouse's JSON functions stop reading a document about a thousand levels
 * down and return NULL for every field, so the batch layer would group a
 * deeper event differently from the speed layer; and JSON.stringify exhausts
 * the call stack a few thousand levels down. The limit sits well inside both
 * and far beyond what an app event needs.
 */
export const MAX_JSON_NESTING = 128;

/** Why a value nested deeper than {@link MAX_JSON_NESTING} is refused. */
export const TOO_DEEPLY_NESTED_REASON = `value nests deeper than ${MAX_JSON_NESTING} levels`;

/**
 * Whether a parsed JSON value holds a container deeper than `limit` (the
 * value itself is level 1). Walks with an explicit stack, so no depth can
 * exhaust the call stack, and stops at the first container past the limit.
 */
export function nestsDeeperThan(value: unknown, limit: number = MAX_JSON_NESTING): boolean {
  if (!isContainer(value)) return false;
  const pending: { container: object; level: number }[] = [{ container: value, level: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.level > limit) return true;
    for (const child of Object.values(next.container)) {
      if (isContainer(child)) pending.push({ container: child, level: next.level + 1 });
    }
  }
  return false;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
