import { isMeasureKind, MEASURE_KINDS } from '../aggregates/measure-kinds';
import type { MeasureSpec } from './types';

const CALL = /^([a-z]+)\s*\(\s*(.*?)\s*\)$/;
const BARE = /^[a-z]+$/;

/** The measure expressions a view may use, as shown in error messages. */
export const MEASURE_FORMS = Object.values(MEASURE_KINDS)
  .map((kind) => kind.form)
  .join(', ');

/**
 * Parses a measure expression such as `count`, `sum(amount)` or
 * `quantile(0.95, latency_ms)`. Returns a message saying what is wrong otherwise.
 */
export function parseMeasureExpression(text: string): MeasureSpec | { readonly error: string } {
  const trimmed = text.trim();
  const notAMeasure = { error: `is not a measure; use one of ${MEASURE_FORMS}` };
  const call = CALL.exec(trimmed);
  const bare = BARE.test(trimmed);
  if (!call && !bare) return notAMeasure;
  const [, fn = trimmed, rawArgs = ''] = call ?? [];
  const args = bare ? undefined : rawArgs === '' ? [] : rawArgs.split(',').map((arg) => arg.trim());
  // A kind's parse says undefined when it has no such form (a bare `sum`, `count(x)`).
  const parsed = isMeasureKind(fn) ? MEASURE_KINDS[fn].parse(args) : undefined;
  if (parsed !== undefined) return parsed;
  return bare ? notAMeasure : { error: `unknown measure function ${fn}; use one of ${MEASURE_FORMS}` };
}
