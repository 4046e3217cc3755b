/**
 * The exit code of every long-running role, one per cause, so that an
 * orchestrator (compose, Kubernetes, `sluice up`) can tell why a role ended.
 * The table is documented in packages/runtime/README.md.
 */
export const EXIT_CODES = {
  /** Stopped cleanly: a SIGTERM or SIGINT asked, and the worker drained, committed and disconnected. */
  stopped: 0,
  /** The worker failed after it had started (a batch it could not write, a crashed consumer, a failed drain). */
  failed: 1,
  /** Refused before anything started: bad arguments or a config that does not validate. */
  config: 2,
  /** Could not start: Kafka or ClickHouse did not answer, the ops port is taken, the data directory is owned. */
  startFailed: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
