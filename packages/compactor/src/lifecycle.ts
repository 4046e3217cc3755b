import { SluiceError } from '@sluice/core';

/** The states of a compactor; `failed` is left only by a new process. */
export const COMPACTOR_STATES = ['created', 'starting', 'running', 'stopping', 'stopped', 'failed'] as const;
export type CompactorState = (typeof COMPACTOR_STATES)[number];

const TRANSITIONS: Readonly<Record<CompactorState, readonly CompactorState[]>> = {
  created: ['starting'],
  starting: ['running', 'failed', 'stopping'],
  running: ['stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: ['stopping'],
};

/** A transition the table does not allow: a bug, never retriable. */
export class IllegalCompactorTransitionError extends SluiceError {
  constructor(from: CompactorState, to: CompactorState) {
    super('COMPACTOR_ILLEGAL_TRANSITION', `compactor cannot go from ${from} to ${to}`);
  }
}

/** The compactor's state machine: every change goes through the transition table. */
export class CompactorLifecycle {
  private current: CompactorState = 'created';

  get state(): CompactorState {
    return this.current;
  }

  to(next: CompactorState): void {
    if (!TRANSITIONS[this.current].includes(next)) throw new IllegalCompactorTransitionError(this.current, next);
    this.current = next;
  }

  /** Moves to `next` when the table allows it; false otherwise. */
  tryTo(next: CompactorState): boolean {
    if (!TRANSITIONS[this.current].includes(next)) return false;
    this.current = next;
    return true;
  }
}
