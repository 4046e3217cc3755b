import { SluiceError } from '@sluice/core';

/** Which states may follow each state; a state with no successors is terminal. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export interface StateMachineOptions<S extends string> {
  /** Names the machine in errors, e.g. `aggregator`. */
  readonly name: string;
  readonly initial: S;
  readonly transitions: TransitionTable<S>;
  /** Called after every transition, e.g. to log it. */
  readonly onTransition?: (from: S, to: S) => void;
}

/** A state that changes only along its transition table. */
export interface StateMachine<S extends string> {
  readonly state: S;
  /** True when `to` may follow the current state. */
  can(to: S): boolean;
  /** True when the current state is one of `states`. */
  is(...states: readonly S[]): boolean;
  /** Moves to `to`, or throws IllegalTransitionError when the table does not allow it. */
  transition(to: S): void;
}

/** A transition the table does not allow: a bug in the caller, never bad input, so never retriable. */
export class IllegalTransitionError extends SluiceError {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
  ) {
    super('ILLEGAL_TRANSITION', `${machine} cannot go from ${from} to ${to}; allowed from ${from}: ${allowed.join(', ') || 'nothing'}`);
  }
}

/**
 * A small state machine driven by a transition table, after kafkajs's
 * transaction state machine: every change of state goes through the table.
 *
 * @example
 * const light = createStateMachine({ name: 'light', initial: 'off', transitions: { off: ['on'], on: ['off'] } });
 * light.transition('on');
 */
export function createStateMachine<S extends string>(options: StateMachineOptions<S>): StateMachine<S> {
  const { name, transitions, onTransition } = options;
  let current = options.initial;
  const can = (to: S) => transitions[current].includes(to);
  return {
    get state() {
      return current;
    },
    can,
    is: (...states) => states.includes(current),
    transition(to) {
      if (!can(to)) throw new IllegalTransitionError(name, current, to, transitions[current]);
      const from = current;
      current = to;
      onTransition?.(from, to);
    },
  };
}
