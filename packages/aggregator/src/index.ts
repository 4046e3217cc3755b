export { Aggregator, type AggregatorOptions } from './aggregator';
export { aggregatorMetrics, type AggregatorMetrics } from './aggregator-metrics';
export { ResultPacker } from './kafka/records';
export { resultVersion, type EmissionKind } from './engine/emission';
export { encodeCommitMetadata, decodeCommitMetadata, type CommitPoint } from './engine/commit-point';
