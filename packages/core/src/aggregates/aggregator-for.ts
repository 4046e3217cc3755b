import type { Measure } from '../config/types';
import { avgAggregator } from './avg';
import { countAggregator } from './count';
import { maxAggregator, minAggregator } from './extremum';
import type { MeasureAggregator } from './measure-aggregator';
import { quantileAggregator } from './quantile';
import { sumAggregator } from './sum';
import { uniqAggregator } from './uniq';

/** An aggregator whose state type the caller does not need to know. */
export type AnyMeasureAggregator = MeasureAggregator<unknown>;

/** The aggregator of a measure; quantile aggregators read at the measure's level q. */
export function aggregatorFor(measure: Measure): AnyMeasureAggregator {
  switch (measure.kind) {
    case 'count':
      return countAggregator;
    case 'sum':
      return sumAggregator;
    case 'min':
      return minAggregator;
    case 'max':
      return maxAggregator;
    case 'avg':
      return avgAggregator;
    case 'uniq':
      return uniqAggregator;
    case 'quantile':
      return quantileAggregator(measure.q);
  }
}
