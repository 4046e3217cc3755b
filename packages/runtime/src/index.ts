/** @sluice/runtime, the worker runtime: everything here is public to the workers and the cli. */
export { loadPipelineFile } from './load-pipeline-file';
export { startOpsServer } from './ops-server';
export type { HealthProbe, OpsServer, OpsServerOptions } from './ops-server';
export { jsonLineSink } from './log-sink';
export { stopOnSignals } from './shutdown';
export type { Stoppable } from './shutdown';
