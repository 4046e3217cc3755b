import type { EmissionSink } from './emission';
import type { WindowState } from './window-state';

/**
 * The windows changed since their last update, each queued once, in the
 * order they changed. Shared by the fixed-window and session stores, which
 * differ in how windows are found and closed, not in how updates go out.
 */
export class ChangedWindows {
  private queue: WindowState[] = [];
  /**
   * With checkpoints: every state that became dirty since the last take. A
   * state that changes while dirty is still in `queue`, so the two together
   * hold every state changed since the last take, at the cost of one push per
   * update interval and state instead of a flag per state.
   */
  private becameDirty: WindowState[] | undefined;
  /**
   * The last offset of each state when it was last taken: a state still dirty
   * (updates wait while a partition catches up) is taken again only if it
   * changed since, since every fold moves its last offset.
   */
  private readonly taken = new WeakMap<WindowState, number>();

  /** From now on, notes changed states for takeCheckpointChanges. */
  trackCheckpoints(): void {
    this.becameDirty ??= [];
  }

  /** Notes that `state` changed; a window already queued is not queued again. */
  mark(state: WindowState): void {
    if (state.dirty) return;
    state.dirty = true;
    this.queue.push(state);
    this.becameDirty?.push(state);
  }

  /** The open states changed since the last call, each once (see trackCheckpoints). */
  takeCheckpointChanges(): WindowState[] {
    const candidates = this.becameDirty;
    if (candidates === undefined) return [];
    this.becameDirty = [];
    const changed = new Set<WindowState>();
    const take = (state: WindowState) => {
      if (!state.closed && this.taken.get(state) !== state.lastOffset) changed.add(state);
    };
    for (const state of candidates) take(state);
    for (const state of this.queue) if (state.dirty) take(state);
    for (const state of changed) this.taken.set(state, state.lastOffset);
    return [...changed];
  }

  /**
   * Emits an update for every changed window still open. While updates wait
   * (a partition catching up), keeps the open ones queued and forgets the
   * closed ones: their final said everything and they must not stay referenced.
   */
  flush(sink: EmissionSink, updates: boolean): void {
    if (!updates) {
      this.queue = this.queue.filter((state) => !state.closed);
      return;
    }
    const changed = this.queue;
    this.queue = [];
    for (const state of changed) {
      state.dirty = false;
      if (!state.closed) sink.window('update', state);
    }
  }
}
