import type { HealthProbe } from './ops-server';

/** The states every worker goes through, in order; `stopped` and `failed` are terminal. */
export const WORKER_STATES = ['created', 'starting', 'running', 'stopping', 'stopped', 'failed'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];

/**
 * How a worker ended. `done` resolves with it and never rejects: a failure is
 * a value the runner reads, not an exception someone must remember to catch.
 */
export type WorkerOutcome = { readonly state: 'stopped' } | { readonly state: 'failed'; readonly error: Error };

/** What a worker reports about itself on `/healthz` and `/readyz`: the ops server's probe, with details always given. */
export interface WorkerHealth extends HealthProbe {
  /** Fields shown in both answers (state, partitions, lag). */
  details(): Record<string, unknown>;
}

/**
 * A long-running role (aggregator, sink, compactor, ingest, ...), as
 * `runWorker` drives it.
 *
 * - `start()` resolves once the worker runs, or once a `stop()` that came
 *   during the start has taken over; it rejects when the worker cannot start.
 * - `stop()` drains (flush, commit, disconnect) and may be called in any
 *   state, any number of times: during the start it waits for the start and
 *   drains; after a failure it releases what the worker still holds and the
 *   state stays `failed`.
 * - `done` resolves once the worker reaches `stopped` or `failed`, never rejects.
 */
export interface Worker extends WorkerHealth {
  /** Names the role in logs and messages, e.g. `aggregator`. */
  readonly name: string;
  readonly state: WorkerState;
  readonly done: Promise<WorkerOutcome>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
