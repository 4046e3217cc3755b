import { SluiceError } from '@sluice/core';

export type SinkState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

const TRANSITIONS: Readonly<Record<SinkState, readonly SinkState[]>> = {
  created: ['starting'],
  starting: ['running', 'failed', 'stopping'],
  running: ['stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: ['stopping'],
};

/** The sink worker's state, changed only along the transition table. */
export class SinkLifecycle {
  private current: SinkState = 'created';

  get state(): SinkState {
    return this.current;
  }

  /** Moves to `next`, or throws when the table does not allow it. */
  moveTo(next: SinkState): void {
    if (!TRANSITIONS[this.current].includes(next)) {
      throw new SluiceError('SINK_BAD_TRANSITION', `sink cannot go from ${this.current} to ${next}`);
    }
    this.current = next;
  }

  /** Whether `next` is allowed from the current state. */
  canMoveTo(next: SinkState): boolean {
    return TRANSITIONS[this.current].includes(next);
  }
}
