export { loadPipelineFile } from './load-pipeline-file';
export { startOpsServer, type HealthProbe, type OpsServer, type OpsServerOptions } from './ops-server';
export { jsonLineSink } from './log-sink';
export { stopOnSignals, type Stoppable } from './shutdown';
