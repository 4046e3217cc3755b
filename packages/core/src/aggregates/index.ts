export { aggregatorFor, type AnyMeasureAggregator } from './aggregator-for';
export { MeasureStateError, type MeasureAggregator } from './measure-aggregator';
export { countAggregator } from './count';
export { sumAggregator } from './sum';
export { minAggregator, maxAggregator } from './extremum';
export { avgAggregator, type AverageState } from './avg';
export { uniqAggregator } from './uniq';
export { quantileAggregator } from './quantile';
