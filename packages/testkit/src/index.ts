/**
 * @sluice/testkit: the truth oracle, for tests, benchmarks and the cli's
 * `loadgen --truth`. No product package imports it (`npm run check:deps`).
 */
export { computeTruth } from './truth/compute-truth';
export type { TruthFile, TruthRow, TruthView } from './truth/truth-types';
