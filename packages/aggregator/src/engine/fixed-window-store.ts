import { forEachGridWindow, groupKeyOf, groupKeyOfValues, isLate, OVERFLOW_GROUP_KEY, OVERFLOW_GROUP_VALUE, isWindowClosed, type EventRecord, type ViewDefinition, type WindowGrid } from '@sluice/core';
import type { EmissionSink } from './emission';
import { groupOfKey } from './group-of-key';
import type { MeasureFolder } from './measure-folder';
import { CHECKPOINT_QUEUED, OpenWindow, UPDATE_QUEUED } from './open-window';
import { FOLD, type CheckpointedState, type FoldOutcome, type ViewStore } from './view-store';
import { newWindowState, type WindowState } from './window-state';

/**
 * Windows on the epoch grid (tumbling, hopping): window start -> open window
 * -> group key -> group. Two levels so that the per-event path builds one
 * string (the group key) and closing walks the few window starts, not every
 * group. A window keeps its groups in columns (see OpenWindow), so an open
 * (window, group) pair holds no object of its own; its WindowState is built
 * when it is emitted, its group values derived from its key. An event is
 * read once however many windows hold it: its group key, and on a grid with
 * several windows per event (hopping) its measure inputs, are prepared when
 * it lands in its first open window, and every window adds the prepared
 * values. With one window per event (tumbling) adding the event directly is
 * one call per measure instead of two. A window holds at most the view's
 * maxGroupsPerWindow real groups; new groups past that fold into its one
 * overflow group, checked only when a group is new.
 */
export class FixedWindowStore implements ViewStore {
  private readonly windows = new Map<number, OpenWindow>();
  // The groups changed since their last update, each queued once, in the order they changed.
  private changedWindows: OpenWindow[] = [];
  private changedIndexes: number[] = [];
  // With checkpoints: the groups changed since the last takeCheckpointChanges, each queued once.
  private checkpointWindows: OpenWindow[] = [];
  private checkpointIndexes: number[] = [];
  // The queued bits a change sets: the checkpoint bit only once checkpoints are tracked.
  private changeBits = UPDATE_QUEUED;
  private entries = 0;
  // Per-event scratch, so that the window visitor is one closure made once.
  private event: EventRecord = {};
  private offset = 0;
  private watermark = -Infinity;
  private key = '';
  private accepted = false;
  private readonly prepared: Float64Array;
  private readonly prepares: boolean;
  private readonly sizeMs: number;
  private readonly hopMs: number;
  private readonly width: number;
  private readonly arity: number;
  private readonly visit = (start: number, end: number): void => this.foldInto(start, end);
  // Events come mostly in time order, so most land in the window the previous one did:
  // the last window is kept at hand, which saves a lookup keyed by a large number.
  private lastStart = NaN;
  private lastWindow: OpenWindow | undefined;
  private replaying = false;
  private overflowFolds = 0;
  // One array for every overflow row, so that a reader can tell the overflow group by identity.
  private readonly overflowGroup: readonly string[];

  constructor(
    grid: WindowGrid,
    private readonly view: ViewDefinition,
    private readonly folder: MeasureFolder,
  ) {
    this.sizeMs = grid.sizeMs;
    this.hopMs = grid.hopMs;
    this.prepared = folder.newPrepared();
    this.prepares = grid.sizeMs > grid.hopMs;
    this.width = folder.width;
    this.arity = view.groupBy.length;
    this.overflowGroup = view.groupBy.map(() => OVERFLOW_GROUP_VALUE);
  }

  /** During a replay the restored watermark refuses windows that were closed (and emitted) before. */
  fold(event: EventRecord, ts: number, offset: number, watermark: number, replaying: boolean): FoldOutcome {
    this.event = event;
    this.replaying = replaying;
    this.offset = offset;
    this.watermark = watermark;
    this.key = groupKeyOf(event, this.view.groupBy);
    this.accepted = false;
    forEachGridWindow(this.sizeMs, this.hopMs, ts, this.visit);
    return this.accepted ? FOLD.accepted : FOLD.late;
  }

  private foldInto(start: number, end: number): void {
    if (isLate(end, this.view.latenessMs, this.watermark)) return;
    if (!this.accepted) {
      // Prepared only now, so a late event costs no field reads.
      this.accepted = true;
      if (this.prepares) this.folder.prepare(this.prepared, this.event);
    }
    let window = start === this.lastStart ? this.lastWindow : this.windows.get(start);
    if (window === undefined) {
      window = new OpenWindow(start, end);
      this.windows.set(start, window);
    }
    this.lastStart = start;
    this.lastWindow = window;
    let index = window.indexOf.get(this.key);
    if (index !== undefined) {
      // Skip rule: a group restored from a checkpoint written past the committed offset holds the event already.
      if (window.lastOffsets[index]! >= this.offset) return;
    } else if (window.size >= this.view.maxGroupsPerWindow) {
      // The map holds the overflow group too, so real groups stop at exactly the limit.
      index = this.overflowIndex(window);
      if (index === undefined) return;
    } else {
      index = window.add(this.key, this.offset, this.folder);
      this.entries++;
    }
    if (this.prepares) this.folder.addPreparedAt(window.measures, index * this.width, this.prepared);
    else this.folder.addAt(window.measures, index * this.width, this.event);
    window.lastOffsets[index] = this.offset;
    this.markChanged(window, index);
  }

  /** The overflow group's index in a full window; undefined when it holds the event already (skip rule). */
  private overflowIndex(window: OpenWindow): number | undefined {
    let index = window.indexOf.get(OVERFLOW_GROUP_KEY);
    if (index !== undefined && window.lastOffsets[index]! >= this.offset) return undefined;
    // Replayed events were counted before the restart.
    if (!this.replaying) this.overflowFolds++;
    if (index === undefined) {
      index = window.add(OVERFLOW_GROUP_KEY, this.offset, this.folder);
      this.entries++;
    }
    return index;
  }

  /** Queues a changed group for the next update and, with checkpoints, the next checkpoint; each queue holds it once. */
  private markChanged(window: OpenWindow, index: number): void {
    const queued = window.queued[index]!;
    if ((queued & this.changeBits) === this.changeBits) return;
    window.queued[index] = queued | this.changeBits;
    if ((queued & UPDATE_QUEUED) === 0) {
      this.changedWindows.push(window);
      this.changedIndexes.push(index);
    }
    if ((this.changeBits & CHECKPOINT_QUEUED) !== 0 && (queued & CHECKPOINT_QUEUED) === 0) {
      this.checkpointWindows.push(window);
      this.checkpointIndexes.push(index);
    }
  }

  takeOverflowFolds(): number {
    const folds = this.overflowFolds;
    this.overflowFolds = 0;
    return folds;
  }

  collect(watermark: number, sink: EmissionSink, updates: boolean): void {
    for (const [start, window] of this.windows) {
      if (!isWindowClosed(window.end, this.view.latenessMs, watermark)) continue;
      for (let index = 0; index < window.size; index++) sink.window('final', this.stateOf(window, index, true));
      this.forget(start, window);
    }
    this.flushChanged(sink, updates);
  }

  /**
   * Emits an update for every changed group of a window still open. While
   * updates wait (a partition catching up), keeps the open ones queued and
   * forgets the closed ones: their final said everything and they must not
   * stay referenced.
   */
  private flushChanged(sink: EmissionSink, updates: boolean): void {
    const windows = this.changedWindows;
    const indexes = this.changedIndexes;
    if (!updates) {
      let kept = 0;
      for (let i = 0; i < windows.length; i++) {
        if (windows[i]!.closed) continue;
        windows[kept] = windows[i]!;
        indexes[kept++] = indexes[i]!;
      }
      windows.length = kept;
      indexes.length = kept;
      return;
    }
    this.changedWindows = [];
    this.changedIndexes = [];
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i]!;
      if (window.closed) continue;
      const index = indexes[i]!;
      window.queued[index]! &= ~UPDATE_QUEUED;
      sink.window('update', this.stateOf(window, index, false));
    }
  }

  /** The WindowState of one group, built for an emission: the sink may keep it. */
  private stateOf(window: OpenWindow, index: number, final: boolean): WindowState {
    const base = index * this.width;
    const key = window.keys[index]!;
    const group = key === OVERFLOW_GROUP_KEY ? this.overflowGroup : groupOfKey(key, this.arity);
    const state = newWindowState(window.start, window.end, group, window.measures.slice(base, base + this.width), window.firstOffsets[index]!);
    state.lastOffset = window.lastOffsets[index]!;
    state.closed = final;
    return state;
  }

  endReplay(watermark: number): void {
    for (const [start, window] of this.windows) {
      if (isWindowClosed(window.end, this.view.latenessMs, watermark)) this.forget(start, window);
    }
  }

  private forget(start: number, window: OpenWindow): void {
    window.closed = true;
    this.entries -= window.size;
    this.windows.delete(start);
    if (start === this.lastStart) this.lastWindow = undefined;
  }

  minFirstOffset(): number {
    let min = Infinity;
    for (const window of this.windows.values()) {
      for (const offset of window.firstOffsets) if (offset < min) min = offset;
    }
    return min;
  }

  size(): { windows: number; entries: number } {
    return { windows: this.windows.size, entries: this.entries };
  }

  trackCheckpoints(): void {
    if ((this.changeBits & CHECKPOINT_QUEUED) !== 0) return;
    this.changeBits |= CHECKPOINT_QUEUED;
    // Groups changed before tracking began (restored ones) are written at the first checkpoint too.
    for (let i = 0; i < this.changedWindows.length; i++) this.markChanged(this.changedWindows[i]!, this.changedIndexes[i]!);
  }

  takeCheckpointChanges(): WindowState[] {
    const windows = this.checkpointWindows;
    const indexes = this.checkpointIndexes;
    if (windows.length === 0) return [];
    this.checkpointWindows = [];
    this.checkpointIndexes = [];
    const changed: WindowState[] = [];
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i]!;
      if (window.closed) continue;
      const index = indexes[i]!;
      window.queued[index]! &= ~CHECKPOINT_QUEUED;
      changed.push(this.stateOf(window, index, false));
    }
    return changed;
  }

  /** True for the overflow rows' group array: stateOf gives every overflow row the same one. */
  isOverflowGroup(group: readonly string[]): boolean {
    return group === this.overflowGroup;
  }

  restore(states: readonly CheckpointedState[], watermark: number): CheckpointedState[] {
    const dropped: CheckpointedState[] = [];
    for (const entry of states) {
      const { state: read, overflow } = entry;
      if (isWindowClosed(read.start + this.sizeMs, this.view.latenessMs, watermark)) {
        dropped.push(entry);
        continue;
      }
      let window = this.windows.get(read.start);
      if (window === undefined) {
        window = new OpenWindow(read.start, read.start + this.sizeMs);
        this.windows.set(read.start, window);
      }
      const index = window.add(overflow ? OVERFLOW_GROUP_KEY : groupKeyOfValues(read.group), read.firstOffset, this.folder);
      const base = index * this.width;
      for (let i = 0; i < this.width; i++) window.measures[base + i] = read.measures[i];
      window.lastOffsets[index] = read.lastOffset;
      this.entries++;
      this.markChanged(window, index);
    }
    this.lastStart = NaN;
    this.lastWindow = undefined;
    return dropped;
  }
}
