import { OVERFLOW_GROUP_KEY, OVERFLOW_GROUP_VALUE, SessionSet, groupKeyOf, groupKeyOfValues, groupValues, isLate, isWindowClosed, type EventRecord, type ViewDefinition } from '@sluice/core';
import { ChangedWindows } from './changed-windows';
import type { EmissionSink } from './emission';
import type { MeasureFolder } from './measure-folder';
import { FOLD, type CheckpointedState, type FoldOutcome, type ViewStore } from './view-store';
import { newWindowState, type WindowState } from './window-state';

interface SessionGroup {
  readonly sessions: SessionSet;
  /** Session start -> state; a session's row is keyed by its start. */
  readonly states: Map<number, WindowState>;
}

interface Retraction {
  readonly start: number;
  readonly end: number;
  readonly group: readonly string[];
  readonly atOffset: number;
}

/**
 * Session windows per group. When an event bridges sessions they merge: their
 * states fold into the surviving session and the rows that disappeared are
 * retracted. Lateness is judged on the session the event would end up in.
 * At most the view's maxGroupsPerWindow groups hold open sessions; events of
 * a new group past that fold into the sessions of one overflow group, checked
 * only when a group is new.
 */
export class SessionStore implements ViewStore {
  private readonly groups = new Map<string, SessionGroup>();
  private readonly changed = new ChangedWindows();
  private retractions: Retraction[] = [];
  private entries = 0;
  private overflowFolds = 0;
  private readonly overflowGroup: readonly string[];
  /** Highest last offset of a state restored from a checkpoint: below it, the skip rule is checked. */
  private restoredUpTo = -1;

  constructor(
    private readonly gapMs: number,
    private readonly view: ViewDefinition,
    private readonly folder: MeasureFolder,
  ) {
    this.overflowGroup = view.groupBy.map(() => OVERFLOW_GROUP_VALUE);
  }

  /**
   * During a replay nothing is refused: an early event of a long session that
   * is still open looks late under the restored watermark until the later
   * events of its session are replayed. Sessions closed under the restored
   * watermark are dropped when the replay ends (endReplay).
   */
  fold(event: EventRecord, ts: number, offset: number, watermark: number, replaying: boolean): FoldOutcome {
    let key = groupKeyOf(event, this.view.groupBy);
    let group = this.groups.get(key);
    const overflows = group === undefined && this.realGroups() >= this.view.maxGroupsPerWindow;
    if (overflows) {
      key = OVERFLOW_GROUP_KEY;
      group = this.groups.get(key);
    }
    if (!replaying && isLate(ts + this.gapMs, this.view.latenessMs, watermark)) {
      // Its own span is closed; it is still on time if it joins an open session that ends later.
      if (group === undefined || isLate(this.mergedEnd(group, ts), this.view.latenessMs, watermark)) return FOLD.late;
    }
    // Skip rule: a session restored from a checkpoint written past the committed offset holds the event already.
    if (offset <= this.restoredUpTo && group !== undefined && this.holds(group, ts, offset)) return FOLD.accepted;
    // Replayed events were counted before the restart.
    if (overflows && !replaying) this.overflowFolds++;
    if (group === undefined) {
      group = { sessions: new SessionSet(this.gapMs), states: new Map() };
      this.groups.set(key, group);
    }
    const { window, merged } = group.sessions.add(ts);
    let state = group.states.get(window.start);
    if (state === undefined) {
      const values = overflows ? this.overflowGroup : groupValues(event, this.view.groupBy);
      state = newWindowState(window.start, window.end, values, this.folder.create(), offset);
      group.states.set(window.start, state);
      this.entries++;
    }
    for (const gone of merged) {
      if (gone.start === window.start) continue;
      const absorbed = group.states.get(gone.start);
      if (absorbed === undefined) continue;
      this.folder.merge(state.measures, absorbed.measures);
      if (absorbed.firstOffset < state.firstOffset) state.firstOffset = absorbed.firstOffset;
      absorbed.closed = true;
      group.states.delete(gone.start);
      this.entries--;
      this.retractions.push({ start: gone.start, end: gone.end, group: absorbed.group, atOffset: offset });
    }
    state.end = window.end;
    this.folder.add(state.measures, event);
    state.lastOffset = offset;
    this.changed.mark(state);
    return FOLD.accepted;
  }

  /**
   * Whether a session the event at `ts` touches has folded it already: a
   * session that overlaps the event's span and was written after the event
   * was folded is the session that holds it.
   */
  private holds(group: SessionGroup, ts: number, offset: number): boolean {
    for (const session of group.sessions.sessions()) {
      if (session.end <= ts) continue;
      if (session.start >= ts + this.gapMs) break;
      if ((group.states.get(session.start)?.lastOffset ?? -1) >= offset) return true;
    }
    return false;
  }

  /** Groups with open sessions, the overflow group not counted: the limit applies to real groups. */
  private realGroups(): number {
    return this.groups.size - (this.groups.has(OVERFLOW_GROUP_KEY) ? 1 : 0);
  }

  /** End of the session an event at `ts` would join, without changing anything. */
  private mergedEnd(group: SessionGroup, ts: number): number {
    let end = ts + this.gapMs;
    for (const session of group.sessions.sessions()) {
      if (session.end <= ts) continue;
      if (session.start >= end) break;
      if (session.end > end) end = session.end;
    }
    return end;
  }

  collect(watermark: number, sink: EmissionSink, updates: boolean): void {
    const retractions = this.retractions;
    this.retractions = [];
    for (const gone of retractions) sink.retraction(gone.start, gone.end, gone.group, gone.atOffset);
    for (const [key, group] of this.groups) {
      for (const [start, state] of group.states) {
        if (!isWindowClosed(state.end, this.view.latenessMs, watermark)) continue;
        state.closed = true;
        sink.window('final', state);
        group.sessions.remove({ start, end: state.end });
        group.states.delete(start);
        this.entries--;
      }
      if (group.states.size === 0) this.groups.delete(key);
    }
    this.changed.flush(sink, updates);
  }

  endReplay(watermark: number): void {
    this.retractions = [];
    for (const [key, group] of this.groups) {
      for (const [start, state] of group.states) {
        if (!isWindowClosed(state.end, this.view.latenessMs, watermark)) continue;
        state.closed = true;
        group.sessions.remove({ start, end: state.end });
        group.states.delete(start);
        this.entries--;
      }
      if (group.states.size === 0) this.groups.delete(key);
    }
  }

  minFirstOffset(): number {
    let min = Infinity;
    for (const group of this.groups.values()) {
      for (const state of group.states.values()) if (state.firstOffset < min) min = state.firstOffset;
    }
    return min;
  }

  takeOverflowFolds(): number {
    const folds = this.overflowFolds;
    this.overflowFolds = 0;
    return folds;
  }

  size(): { windows: number; entries: number } {
    return { windows: this.entries, entries: this.entries };
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

  /**
   * Two restored sessions of one group that overlap mean a merge whose
   * absorbed state's tombstone was not yet durable: the one with the smaller
   * last offset was absorbed by the other (the merging event is the absorber's
   * and comes after every event of the absorbed). It is dropped and its
   * retraction queued again, versioned by the absorber's last offset, so a
   * retraction lost in the crash is sent; one that was sent is superseded by
   * an identical row of a higher version.
   */
  restore(states: readonly CheckpointedState[], watermark: number): CheckpointedState[] {
    const dropped: CheckpointedState[] = [];
    const byGroup = new Map<string, CheckpointedState[]>();
    for (const entry of states) {
      if (isWindowClosed(entry.state.end, this.view.latenessMs, watermark)) {
        dropped.push(entry);
        continue;
      }
      const key = entry.overflow ? OVERFLOW_GROUP_KEY : groupKeyOfValues(entry.state.group);
      byGroup.set(key, [...(byGroup.get(key) ?? []), entry]);
    }
    for (const [key, entries] of byGroup) {
      const kept: CheckpointedState[] = [];
      for (const entry of [...entries].sort((a, b) => a.state.start - b.state.start)) {
        let current = entry;
        for (let previous = kept.at(-1); previous !== undefined && current.state.start < previous.state.end; previous = kept.at(-1)) {
          kept.pop();
          const [absorbed, absorber] = current.state.lastOffset < previous.state.lastOffset ? [current, previous] : [previous, current];
          dropped.push(absorbed);
          this.retractions.push({ start: absorbed.state.start, end: absorbed.state.end, group: absorbed.overflow ? this.overflowGroup : absorbed.state.group, atOffset: absorber.state.lastOffset });
          current = absorber;
        }
        kept.push(current);
      }
      const group: SessionGroup = this.groups.get(key) ?? { sessions: new SessionSet(this.gapMs), states: new Map() };
      this.groups.set(key, group);
      for (const { state: read, overflow } of kept) {
        const state = overflow ? newWindowState(read.start, read.end, this.overflowGroup, read.measures, read.firstOffset) : read;
        state.lastOffset = read.lastOffset;
        group.sessions.restore({ start: state.start, end: state.end });
        group.states.set(state.start, state);
        this.entries++;
        this.changed.mark(state);
        if (state.lastOffset > this.restoredUpTo) this.restoredUpTo = state.lastOffset;
      }
    }
    return dropped;
  }
}
