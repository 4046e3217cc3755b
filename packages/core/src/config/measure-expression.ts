import type { MeasureSpec } from './types';

const CALL = /^([a-z]+)\s*\(\s*(.*?)\s*\)$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The measure expressions a view may use, as shown in error messages. */
export const MEASURE_FORMS =
  'count, sum(field), min(field), max(field), avg(field), uniq(field), quantile(q, field) with 0 <= q <= 1';

/**
 * Parses a measure expression such as `count`, `sum(amount)` or
 * `quantile(0.95, latency_ms)`. Returns a message saying what is wrong otherwise.
 */
export function parseMeasureExpression(text: string): MeasureSpec | { readonly error: string } {
  const trimmed = text.trim();
  if (trimmed === 'count' || trimmed === 'count()') return { kind: 'count' };
  const call = CALL.exec(trimmed);
  if (!call) return { error: `is not a measure; use one of ${MEASURE_FORMS}` };
  const [, fn = '', rawArgs = ''] = call;
  const args = rawArgs === '' ? [] : rawArgs.split(',').map((arg) => arg.trim());
  switch (fn) {
    case 'sum':
    case 'min':
    case 'max':
    case 'avg':
    case 'uniq': {
      const [field] = args;
      if (args.length !== 1 || field === undefined || !FIELD.test(field)) {
        return { error: `${fn} needs exactly one field name, as in ${fn}(amount)` };
      }
      return { kind: fn, field };
    }
    case 'quantile': {
      const [level, field] = args;
      const q = Number(level);
      if (args.length !== 2 || level === undefined || level === '' || !(q >= 0 && q <= 1)) {
        return { error: 'quantile needs a level between 0 and 1 and a field, as in quantile(0.95, latency_ms)' };
      }
      if (field === undefined || !FIELD.test(field)) {
        return { error: 'quantile needs a field name after its level, as in quantile(0.95, latency_ms)' };
      }
      return { kind: 'quantile', q, field };
    }
    default:
      return { error: `unknown measure function ${fn}; use one of ${MEASURE_FORMS}` };
  }
}
