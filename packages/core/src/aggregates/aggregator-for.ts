import type { Measure } from '../config/types';
import type { MeasureAggregator } from './measure-aggregator';
import { measureKindOf } from './measure-kinds';

/** An aggregator whose state type the caller does not need to know. */
export type AnyMeasureAggregator = MeasureAggregator<unknown>;

/** The aggregator of a measure; quantile aggregators read at the measure's level q. */
export function aggregatorFor(measure: Measure): AnyMeasureAggregator {
  return measureKindOf(measure).aggregator(measure);
}
