import { forEachWindow, groupKeyOf, groupValues, isLate, isWindowClosed, type EventRecord, type ViewDefinition } from '@sluice/core';
import { ChangedWindows } from './changed-windows';
import type { EmissionSink } from './emission';
import type { MeasureFolder } from './measure-folder';
import { FOLD, type FoldOutcome, type ViewStore } from './view-store';
import { newWindowState, type WindowState } from './window-state';

type FixedSpec = Extract<ViewDefinition['window'], { type: 'tumbling' | 'hopping' }>;

/**
 * Tumbling and hopping windows: window start -> group key -> state. Two
 * levels so that the per-event path builds one string (the group key) and
 * closing walks the few window starts, not every group.
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
  private accepted = false;
  private readonly visit = (start: number, end: number): void => this.foldInto(start, end);
  // Events come mostly in time order, so most land in the window the previous one did:
  // the last window's groups are kept at hand, which saves a lookup keyed by a large number.
  private lastStart = NaN;
  private lastGroups: Map<string, WindowState> | undefined;

  constructor(
    private readonly spec: FixedSpec,
    private readonly view: ViewDefinition,
    private readonly folder: MeasureFolder,
  ) {}

  /** During a replay the restored watermark refuses windows that were closed (and emitted) before. */
  fold(event: EventRecord, ts: number, offset: number, watermark: number, _replaying: boolean): FoldOutcome {
    this.event = event;
    this.offset = offset;
    this.watermark = watermark;
    this.key = groupKeyOf(event, this.view.groupBy);
    this.accepted = false;
    forEachWindow(this.spec, ts, this.visit);
    return this.accepted ? FOLD.accepted : FOLD.late;
  }

  private foldInto(start: number, end: number): void {
    if (isLate(end, this.view.latenessMs, this.watermark)) return;
    this.accepted = true;
    let groups = start === this.lastStart ? this.lastGroups : this.windows.get(start);
    if (groups === undefined) {
      groups = new Map();
      this.windows.set(start, groups);
    }
    this.lastStart = start;
    this.lastGroups = groups;
    let state = groups.get(this.key);
    if (state === undefined) {
      state = newWindowState(start, end, groupValues(this.event, this.view.groupBy), this.folder.create(), this.offset);
      groups.set(this.key, state);
      this.entries++;
    }
    this.folder.add(state.measures, this.event);
    state.lastOffset = this.offset;
    this.changed.mark(state);
  }

  collect(watermark: number, sink: EmissionSink, updates: boolean): void {
    for (const [start, groups] of this.windows) {
      const end = start + this.spec.sizeMs;
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
      if (!isWindowClosed(start + this.spec.sizeMs, this.view.latenessMs, watermark)) continue;
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
}
