import { forEachGridWindow, groupKeyOf, groupKeyOfValues, groupValues, isLate, OVERFLOW_GROUP_KEY, OVERFLOW_GROUP_VALUE, isWindowClosed, type EventRecord, type ViewDefinition, type WindowGrid } from '@sluice/core';
import { ChangedWindows } from './changed-windows';
import type { EmissionSink } from './emission';
import type { MeasureFolder } from './measure-folder';
import { FOLD, type CheckpointedState, type FoldOutcome, type ViewStore } from './view-store';
import { newWindowState, type WindowState } from './window-state';

/**
 * Windows on the epoch grid (tumbling, hopping): window start -> group key ->
 * state. Two levels so that the per-event path builds one string (the group
 * key) and closing walks the few window starts, not every group. An event is
 * read once however many windows hold it: its group key, and on a grid with
 * several windows per event (hopping) its measure inputs, are prepared when
 * it lands in its first open window, and every window adds the prepared
 * values. With one window per event (tumbling) adding the event directly is
 * one call per measure instead of two. A window holds at most the view's
 * maxGroupsPerWindow real groups; new groups past that fold into its one
 * overflow group, checked only when a group is new.
 */
export class FixedWindowStore implements ViewStore {
  private readonly windows = new Map<number, Map<string, WindowState>>();
  private readonly changed = new ChangedWindows();
  private entries = 0;
  // Per-event scratch, so that the window visitor is one closure made once.
  private event: EventRecord = {};
  private offset = 0;
  private watermark = -Infinity;
  private key = '';
  private group: readonly string[] | undefined;
  private accepted = false;
  private readonly prepared: Float64Array;
  private readonly prepares: boolean;
  private readonly sizeMs: number;
  private readonly hopMs: number;
  private readonly visit = (start: number, end: number): void => this.foldInto(start, end);
  // Events come mostly in time order, so most land in the window the previous one did:
  // the last window's groups are kept at hand, which saves a lookup keyed by a large number.
  private lastStart = NaN;
  private lastGroups: Map<string, WindowState> | undefined;
  private replaying = false;
  private overflowFolds = 0;
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
    this.overflowGroup = view.groupBy.map(() => OVERFLOW_GROUP_VALUE);
  }

  /** During a replay the restored watermark refuses windows that were closed (and emitted) before. */
  fold(event: EventRecord, ts: number, offset: number, watermark: number, replaying: boolean): FoldOutcome {
    this.event = event;
    this.replaying = replaying;
    this.offset = offset;
    this.watermark = watermark;
    this.key = groupKeyOf(event, this.view.groupBy);
    this.group = undefined;
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
    let groups = start === this.lastStart ? this.lastGroups : this.windows.get(start);
    if (groups === undefined) {
      groups = new Map();
      this.windows.set(start, groups);
    }
    this.lastStart = start;
    this.lastGroups = groups;
    let state = groups.get(this.key);
    if (state !== undefined) {
      // Skip rule: a state restored from a checkpoint written past the committed offset holds the event already.
      if (state.lastOffset >= this.offset) return;
    } else {
      // The map holds the overflow group too, so real groups stop at exactly the limit.
      if (groups.size >= this.view.maxGroupsPerWindow) {
        state = this.overflowState(groups, start, end);
        if (state === undefined) return;
      } else {
        // The group's values are read once per event, and only when a window needs a new state.
        this.group ??= groupValues(this.event, this.view.groupBy);
        state = newWindowState(start, end, this.group, this.folder.create(), this.offset);
        groups.set(this.key, state);
        this.entries++;
      }
    }
    if (this.prepares) this.folder.addPrepared(state.measures, this.prepared);
    else this.folder.add(state.measures, this.event);
    state.lastOffset = this.offset;
    this.changed.mark(state);
  }

  /** The overflow state of a full window; undefined when it holds the event already (skip rule). */
  private overflowState(groups: Map<string, WindowState>, start: number, end: number): WindowState | undefined {
    let state = groups.get(OVERFLOW_GROUP_KEY);
    if (state !== undefined && state.lastOffset >= this.offset) return undefined;
    // Replayed events were counted before the restart.
    if (!this.replaying) this.overflowFolds++;
    if (state === undefined) {
      state = newWindowState(start, end, this.overflowGroup, this.folder.create(), this.offset);
      groups.set(OVERFLOW_GROUP_KEY, state);
      this.entries++;
    }
    return state;
  }

  takeOverflowFolds(): number {
    const folds = this.overflowFolds;
    this.overflowFolds = 0;
    return folds;
  }

  collect(watermark: number, sink: EmissionSink, updates: boolean): void {
    for (const [start, groups] of this.windows) {
      const end = start + this.sizeMs;
      if (!isWindowClosed(end, this.view.latenessMs, watermark)) continue;
      for (const state of groups.values()) {
        state.closed = true;
        sink.window('final', state);
      }
      this.forget(start, groups);
    }
    this.changed.flush(sink, updates);
  }

  endReplay(watermark: number): void {
    for (const [start, groups] of this.windows) {
      if (!isWindowClosed(start + this.sizeMs, this.view.latenessMs, watermark)) continue;
      for (const state of groups.values()) state.closed = true;
      this.forget(start, groups);
    }
  }

  private forget(start: number, groups: Map<string, WindowState>): void {
    this.entries -= groups.size;
    this.windows.delete(start);
    if (start === this.lastStart) this.lastGroups = undefined;
  }

  minFirstOffset(): number {
    let min = Infinity;
    for (const groups of this.windows.values()) {
      for (const state of groups.values()) if (state.firstOffset < min) min = state.firstOffset;
    }
    return min;
  }

  size(): { windows: number; entries: number } {
    return { windows: this.windows.size, entries: this.entries };
  }

  trackCheckpoints(): void {
    this.changed.trackCheckpoints();
  }

  takeCheckpointChanges(): WindowState[] {
    return this.changed.takeCheckpointChanges();
  }

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
      const state = overflow ? newWindowState(read.start, read.end, this.overflowGroup, read.measures, read.firstOffset) : read;
      state.lastOffset = read.lastOffset;
      let groups = this.windows.get(state.start);
      if (groups === undefined) {
        groups = new Map();
        this.windows.set(state.start, groups);
      }
      groups.set(overflow ? OVERFLOW_GROUP_KEY : groupKeyOfValues(state.group), state);
      this.entries++;
      this.changed.mark(state);
    }
    this.lastStart = NaN;
    this.lastGroups = undefined;
    return dropped;
  }
}
