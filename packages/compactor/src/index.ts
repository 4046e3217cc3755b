/**
 * @sluice/compactor, the batch layer. Public: the worker, recomputation and
 * the reconciliation report the cli runs. Internal: exported for Sluice's own
 * tests and benchmarks only.
 */
export { Compactor } from './compactor';
export type { CompactorOptions } from './compactor';
export { COMPACTOR_STATES, IllegalCompactorTransitionError } from './lifecycle';
export type { CompactorState } from './lifecycle';
export { compactorMetrics } from './compactor-metrics';
export type { CompactorMetrics } from './compactor-metrics';
export { compactorGroupId } from './raw-lander';
export { ensureCompactorTables } from './compactor-tables';
export { recomputePeriods, recomputeRange, nextGeneration } from './recompute';
export type { RecomputeContext, RecomputeProgress } from './recompute';
export { reconcileReport } from './reconcile-report';
export type { ReconcileLine } from './reconcile-report';

// Internal.
export { progressTableName, dirtyTableName, closedTableName } from './bookkeeping-tables';
export { periodsTouchedBy } from './dirty-periods';
export { contiguousRuns } from './batch-cycle';
export { toRawRow, isUndecodable } from './raw-record';
export type { RawRow, LandedMessage, Undecodable } from './raw-record';
