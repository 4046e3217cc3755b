import { createStateMachine, type StateMachine, type TransitionTable } from './state-machine';
import type { WorkerOutcome, WorkerState } from './worker';

/**
 * The one transition table of every worker. `failed` is reachable from every
 * live state so that a crash is always recorded; a worker created but never
 * started may go straight to `stopped`.
 */
export const WORKER_TRANSITIONS: TransitionTable<WorkerState> = {
  created: ['starting', 'stopped'],
  starting: ['running', 'stopping', 'failed'],
  running: ['stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: [],
};

/** A worker's state machine together with the `done` promise its terminal states settle. */
export interface WorkerLifecycle extends Omit<StateMachine<WorkerState>, 'transition'> {
  /** Resolves once the state is `stopped` or `failed`; never rejects. */
  readonly done: Promise<WorkerOutcome>;
  /** The error that failed the worker, once it has. */
  readonly error: Error | undefined;
  /** Moves along the table; reaching `stopped` resolves `done`. `failed` is entered with `fail`, which needs the cause. */
  transition(to: Exclude<WorkerState, 'failed'>): void;
  /** Records the failure and resolves `done` with it; false when the worker had already stopped or failed (or never started). */
  fail(error: unknown): boolean;
  /**
   * The stop protocol every worker shares: a worker never started stops at
   * once; otherwise `drain` runs exactly once, however often a stop is asked
   * (a signal, the runner, a failure handler), and every caller waits for it.
   */
  stopWith(drain: () => Promise<void>): Promise<void>;
}

/** Creates the lifecycle of one worker; `onTransition` typically logs each change. */
export function createWorkerLifecycle(name: string, onTransition?: (from: WorkerState, to: WorkerState) => void): WorkerLifecycle {
  const machine = createStateMachine<WorkerState>({ name, initial: 'created', transitions: WORKER_TRANSITIONS, ...(onTransition ? { onTransition } : {}) });
  let settle: (outcome: WorkerOutcome) => void = () => undefined;
  const done = new Promise<WorkerOutcome>((resolve) => {
    settle = resolve;
  });
  let failure: Error | undefined;
  let stopping: Promise<void> | undefined;
  return {
    get state() {
      return machine.state;
    },
    get error() {
      return failure;
    },
    done,
    can: (to) => machine.can(to),
    is: (...states) => machine.is(...states),
    transition(to) {
      machine.transition(to);
      if (to === 'stopped') settle({ state: 'stopped' });
    },
    fail(error) {
      if (!machine.can('failed')) return false;
      failure = error instanceof Error ? error : new Error(String(error));
      machine.transition('failed');
      settle({ state: 'failed', error: failure });
      return true;
    },
    stopWith(drain) {
      if (machine.is('created')) {
        machine.transition('stopped');
        settle({ state: 'stopped' });
        return Promise.resolve();
      }
      stopping ??= drain();
      return stopping;
    },
  };
}
