export { Compactor, type CompactorOptions, type CompactorStorage } from './compactor';
export { compactorMetrics, type CompactorMetrics } from './compactor-metrics';
export { ensureCompactorTables } from './compactor-tables';
export { recomputePeriods, recomputeRange, nextGeneration, type RecomputeContext, type RecomputeProgress } from './recompute';
export { reconcileReport, type ReconcileLine } from './reconcile-report';
export { periodsTouchedBy } from './dirty-periods';
export { contiguousRuns } from './batch-cycle';
export { toRawRow, isUndecodable, type RawRow, type LandedMessage, type Undecodable } from './raw-record';
