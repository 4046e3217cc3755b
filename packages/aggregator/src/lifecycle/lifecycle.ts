import { SluiceError } from '@sluice/core';

/** The states an aggregator worker goes through, in order. */
export const AGGREGATOR_STATES = ['created', 'starting', 'running', 'stopping', 'stopped', 'failed'] as const;
export type AggregatorState = (typeof AGGREGATOR_STATES)[number];

/**
 * Which state may follow which. `failed` is reachable from every live state so
 * that a crash is always recorded; `stopped` and `failed` are terminal.
 */
const TRANSITIONS: Readonly<Record<AggregatorState, readonly AggregatorState[]>> = {
  created: ['starting', 'stopped'],
  starting: ['running', 'stopping', 'failed'],
  running: ['stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: [],
};

/** Raised when code asks for a transition the table does not allow: a bug, never input. */
export class IllegalTransitionError extends SluiceError {
  constructor(from: AggregatorState, to: AggregatorState) {
    super('AGGREGATOR_ILLEGAL_TRANSITION', `aggregator cannot go from ${from} to ${to}; allowed from ${from}: ${TRANSITIONS[from].join(', ') || 'nothing'}`);
  }
}

/** A small state machine with a transition table, like kafkajs's transaction state machine. */
export class Lifecycle {
  private current: AggregatorState = 'created';

  constructor(private readonly onTransition: (from: AggregatorState, to: AggregatorState) => void = () => undefined) {}

  get state(): AggregatorState {
    return this.current;
  }

  /** True when `to` may follow the current state. */
  can(to: AggregatorState): boolean {
    return TRANSITIONS[this.current].includes(to);
  }

  /** Moves to `to` or throws IllegalTransitionError. */
  transition(to: AggregatorState): void {
    if (!this.can(to)) throw new IllegalTransitionError(this.current, to);
    const from = this.current;
    this.current = to;
    this.onTransition(from, to);
  }

  /** Asserts the current state is one of `states`. */
  is(...states: AggregatorState[]): boolean {
    return states.includes(this.current);
  }
}
