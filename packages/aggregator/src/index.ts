/**
 * @sluice/aggregator, the speed layer. Public: the worker the cli runs.
 * Internal: exported for Sluice's own tests and benchmarks only.
 */
export { Aggregator, aggregatorGroupId } from './aggregator';
export type { AggregatorOptions } from './aggregator';
export { AGGREGATOR_STATES, IllegalTransitionError } from './lifecycle/lifecycle';
export type { AggregatorState } from './lifecycle/lifecycle';
export { aggregatorMetrics } from './aggregator-metrics';
export type { AggregatorMetrics } from './aggregator-metrics';

// Internal.
export { ResultPacker } from './kafka/records';
export { resultVersion } from './engine/emission';
export type { EmissionKind } from './engine/emission';
export { encodeCommitMetadata, decodeCommitMetadata } from './engine/commit-point';
export type { CommitPoint } from './engine/commit-point';
export { UndecodableRecordError } from './decode/undecodable-record-error';
