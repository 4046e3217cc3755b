import type { EmissionSink } from './emission';
import type { WindowState } from './window-state';

/**
 * The windows changed since their last update, each queued once, in the
 * order they changed. Shared by the fixed-window and session stores, which
 * differ in how windows are found and closed, not in how updates go out.
 */
export class ChangedWindows {
  private queue: WindowState[] = [];

  /** Notes that `state` changed; a window already queued is not queued again. */
  mark(state: WindowState): void {
    if (state.dirty) return;
    state.dirty = true;
    this.queue.push(state);
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
