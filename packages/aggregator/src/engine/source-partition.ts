import { PartitionWatermark, ROW_KIND, type EventRecord, type PackedRow } from '@sluice/core';
import { resultVersion, type EmissionKind, type EmissionSink } from './emission';
import { FOLD } from './view-store';
import type { SourcePlan, ViewPlan } from './view-plan';
import type { ViewStore } from './view-store';
import type { CommitPoint } from './commit-point';
import { LossHold, type HoldPoint } from './loss-hold';
import type { WindowState } from './window-state';
import type { CheckpointedState } from './view-store';
import { PendingTombstones } from '../checkpoint/pending-tombstones';
import { parseStateKey, StateCodec, stateKey, stateKeyPrefix } from '../checkpoint/state-codec';

/** Where a partition restarts: the stored watermark W and next offset N of its last commit. */
export interface RestoredPosition {
  /** The committed offset, where reading resumes: the replay point L, or N for a checkpointed commit. */
  readonly offset: number;
  readonly watermark: number;
  readonly nextOffset: number;
  /** The commit's open windows are in the state topic. */
  readonly checkpointed: boolean;
  /** Set once a restore point of this partition was lost: which windows' rows are held back. */
  readonly hold?: HoldPoint | undefined;
}

/** A record for the state topic: a state's last value, or a tombstone (null) for a state gone. */
export interface StateRecord {
  readonly key: string;
  readonly value: Buffer | null;
}

/** Receives every row a partition emits, packed (see ResultPack of @sluice/core), with its view and kind. */
export type RowListener = (view: ViewPlan, row: PackedRow, kind: EmissionKind) => void;

/** What a record at a given offset is to its partition: read before, re-read after a restart, or new. */
export const RECORD_ROLE = { folded: 0, replayed: 1, live: 2 } as const;
export type RecordRole = (typeof RECORD_ROLE)[keyof typeof RECORD_ROLE];

/**
 * Everything the speed layer keeps for one source partition: its watermark,
 * its open windows per view, and how far it has read. Nothing here is shared
 * with another partition, so partitions move between instances whole.
 *
 * The read position only moves forward: a record is first reached, then
 * folded or skipped, and a record below the position is never folded again.
 * Replay ends exactly once, before the first record at or past the replay end.
 */
export class SourcePartition {
  readonly watermark: PartitionWatermark;
  private readonly stores: readonly ViewStore[];
  private lastRecordMs: number;
  private lagRecords = Infinity;
  private next: number;
  /**
   * Offsets below this were processed before a restart and their results sent:
   * they rebuild state but emit nothing and send nothing to the late topic.
   */
  readonly replayUntil: number;
  /** Restored with records to replay, and not yet past them. */
  private replayPending: boolean;
  private readonly lateScratch: string[] = [];
  private readonly hold: LossHold;
  /** With checkpoints: the keys of closed states waiting for their tombstone. */
  private tombstones: PendingTombstones | undefined;
  private codecs: StateCodec[] | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly plan: SourcePlan,
    maxOutOfOrdernessMs: number,
    nowMs: number,
    restored: RestoredPosition | undefined,
  ) {
    this.watermark = new PartitionWatermark(maxOutOfOrdernessMs);
    this.stores = plan.views.map((view) => view.newStore());
    this.lastRecordMs = nowMs;
    this.next = restored?.offset ?? 0;
    this.replayUntil = restored?.nextOffset ?? 0;
    // Windows closed under the stored watermark were emitted before: the raised
    // watermark makes their events late again, so replay never rebuilds them.
    if (restored !== undefined) this.watermark.advanceTo(restored.watermark);
    this.replayPending = this.next < this.replayUntil;
    this.hold = new LossHold(restored?.hold, restored?.watermark ?? -Infinity, maxOutOfOrdernessMs);
  }

  /** Next offset to fold; records below it were folded already. */
  get nextOffset(): number {
    return this.next;
  }

  /** Wall-clock ms of the last record, or of the assignment: idle handling reads it. */
  get lastRecordAt(): number {
    return this.lastRecordMs;
  }

  /**
   * Records behind the partition's end at the last fetch; Infinity until the
   * first batch. Only a caught-up partition (0) can be idle: one with a
   * backlog is merely waiting for its fetch, and raising its watermark would
   * turn its backlog late.
   */
  get lag(): number {
    return this.lagRecords;
  }

  /**
   * Takes the record at `offset` as the next one to read. A record below the
   * read position was folded already (a re-fetch after a rebalance, a
   * redelivery): skip it. Otherwise the position moves to it, which may jump
   * a gap (compaction, retention) past the replay end without landing on it;
   * follow with `fold` or `skip` of the same offset.
   */
  reach(offset: number): RecordRole {
    if (offset < this.next) return RECORD_ROLE.folded;
    this.next = offset;
    this.leaveReplayIfDone();
    return offset < this.replayUntil ? RECORD_ROLE.replayed : RECORD_ROLE.live;
  }

  /** Marks the record just reached as read without folding it (it could not be decoded). */
  skip(offset: number): void {
    this.next = offset + 1;
  }

  /** The partition's log end, read when it was assigned: its backlog until the first batch says otherwise. */
  noteLogEnd(high: number): void {
    if (this.lagRecords === Infinity) this.lagRecords = Math.max(0, high - this.next);
  }

  /** Ends a fetched batch: leaves replay if past it, and notes the backlog and, when it had records, their arrival. */
  endBatch(lag: number, read: number, nowMs: number): void {
    this.leaveReplayIfDone();
    if (read > 0) this.lastRecordMs = nowMs;
    this.lagRecords = lag;
  }

  /**
   * Called before the first record at or past the replay end (and at the end
   * of every batch): once, it drops what the restored watermark had closed,
   * so nothing emitted before the restart is emitted again differently.
   */
  private leaveReplayIfDone(): void {
    if (!this.replayPending || this.next < this.replayUntil) return;
    this.replayPending = false;
    const watermark = this.watermark.current();
    for (const store of this.stores) store.endReplay(watermark);
  }

  /** True when caught up and not replaying: then, and only then, silence means idle. */
  get caughtUp(): boolean {
    return this.lagRecords === 0 && !this.replaying;
  }

  /** True while re-reading records whose results were already sent. */
  get replaying(): boolean {
    return this.next < this.replayUntil;
  }

  /**
   * Folds the decoded record just reached into every view it passes and
   * moves past it; returns the names of the views for which it came too late
   * (empty array reused between calls).
   */
  fold(event: EventRecord, ts: number, offset: number): readonly string[] {
    if (this.hold.awaitingRecord) this.hold.fixBound(ts);
    const late = this.lateScratch;
    // Setting an array's length is a slow path; most events are late for no view.
    if (late.length > 0) late.length = 0;
    const watermark = this.watermark.current();
    const replaying = offset < this.replayUntil;
    const views = this.plan.views;
    for (let i = 0; i < views.length; i++) {
      const view = views[i]!;
      if (!view.matches(event)) continue;
      if (this.stores[i]!.fold(event, ts, offset, watermark, replaying) === FOLD.late) late.push(view.view.name);
    }
    this.watermark.observe(ts);
    this.next = offset + 1;
    return late;
  }

  /**
   * Emits retractions, finals of windows closed under the current watermark,
   * and updates. While the partition has a backlog, updates wait: the windows
   * it is catching up on close within the backlog, and their final says it
   * all; open windows get their update once the partition has caught up.
   */
  collect(listener: RowListener): void {
    const updates = this.lagRecords === 0;
    const views = this.plan.views;
    const watermark = this.watermark.current();
    const hold = this.hold;
    for (let i = 0; i < views.length; i++) {
      const view = views[i]!;
      const tombstones = this.tombstones;
      const store = this.stores[i]!;
      const sink: EmissionSink = {
        window: (kind, state) => {
          if (kind === 'final' && tombstones) tombstones.closed(this.stateKeyOf(view, store, state.start, state.group));
          if (!hold.holds(state.start)) listener(view, windowRow(view, state, kind === 'final'), kind);
        },
        // A retraction carries empty states: every row of a view has the same columns.
        retraction: (start, end, group, atOffset) => {
          tombstones?.closed(this.stateKeyOf(view, store, start, group));
          if (!hold.holds(start)) listener(view, [start, end, group, resultVersion(atOffset, true), ROW_KIND.retraction, ...view.emptyParts], 'retract');
        },
      };
      this.stores[i]!.collect(watermark, sink, updates);
    }
  }

  /**
   * The commit point: W and N, and the offset to commit, N with checkpoints,
   * else the replay point L. Take it right after collect, so W closed nothing
   * unsent, and with checkpoints in the same step as checkpointStep.
   */
  commitPoint(): CommitPoint {
    const checkpointed = this.tombstones !== undefined;
    let offset = this.next;
    if (!checkpointed) for (const store of this.stores) offset = Math.min(offset, store.minFirstOffset());
    return { offset, watermark: this.watermark.current(), nextOffset: this.next, checkpointed, hold: this.hold.point() };
  }

  /** From now on, every commit step writes changed states and tombstones to the state topic (see checkpointStep). */
  enableCheckpoints(): void {
    this.tombstones ??= new PendingTombstones();
    for (const store of this.stores) store.trackCheckpoints();
  }

  /**
   * Puts back the states of this partition read from the state topic
   * (key -> last value). They are used only when the commit was checkpointed;
   * otherwise (a commit without checkpoints, or none) the partition is rebuilt
   * by replay and the entries are stale: with checkpoints they are tombstoned.
   * Returns how many states were kept.
   */
  restoreCheckpoint(entries: ReadonlyMap<string, Buffer>, usable: boolean): number {
    const prefix = stateKeyPrefix(this.topic, this.partition);
    const byView = this.plan.views.map((): CheckpointedState[] => []);
    const viewIndex = new Map(this.plan.views.map((view, index) => [view.view.name, index]));
    const codecs = this.stateCodecs();
    for (const [key, value] of entries) {
      this.tombstones?.restored(key);
      const { view, overflow } = parseStateKey(key, prefix);
      const index = viewIndex.get(view);
      // A view no longer configured has nothing to restore into.
      if (!usable || index === undefined) {
        this.tombstones?.closed(key);
        continue;
      }
      byView[index]!.push({ key, state: codecs[index]!.decode(value), overflow });
    }
    const watermark = this.watermark.current();
    let kept = 0;
    byView.forEach((states, index) => {
      const dropped = this.stores[index]!.restore(states, watermark);
      for (const { key } of dropped) this.tombstones?.closed(key);
      kept += states.length - dropped.length;
    });
    return kept;
  }

  /**
   * One commit step's records for the state topic: the last value of every
   * state changed since the previous step, then the tombstones that became
   * safe (see PendingTombstones). Synchronous with commitPoint, so the values
   * hold exactly the events below the committed N.
   */
  checkpointStep(): StateRecord[] {
    if (!this.tombstones) return [];
    const records: StateRecord[] = [];
    const upserted = new Set<string>();
    const codecs = this.stateCodecs();
    this.plan.views.forEach((view, index) => {
      const store = this.stores[index]!;
      for (const state of store.takeCheckpointChanges()) {
        const key = this.stateKeyOf(view, store, state.start, state.group);
        upserted.add(key);
        records.push({ key, value: codecs[index]!.encode(state) });
      }
    });
    for (const key of this.tombstones.step(upserted)) records.push({ key, value: null });
    return records;
  }

  /** The commit after the last checkpointStep landed (or an identical one had). */
  checkpointCommitted(): void {
    this.tombstones?.committed();
  }

  /** The commit after the last checkpointStep failed. */
  checkpointCommitFailed(): void {
    this.tombstones?.commitFailed();
  }

  private stateKeyOf(view: ViewPlan, store: ViewStore, start: number, group: readonly string[]): string {
    return stateKey(this.topic, this.partition, view.view.name, start, group, store.isOverflowGroup(group));
  }

  private stateCodecs(): StateCodec[] {
    this.codecs ??= this.plan.views.map((view) => new StateCodec(view.view));
    return this.codecs;
  }

  /** View names, in the order of sizes(). */
  get viewNames(): string[] {
    return this.plan.views.map((view) => view.view.name);
  }

  /** Overflow folds per view index since the last call (see ViewStore.takeOverflowFolds). */
  takeOverflowFolds(): number[] {
    return this.stores.map((store) => store.takeOverflowFolds());
  }

  /** Open windows and state entries per view index. */
  sizes(): { windows: number; entries: number }[] {
    return this.stores.map((store) => store.size());
  }
}

/** The packed row of a window's state: bounds, group, version, kind, then its measures' state parts. */
function windowRow(view: ViewPlan, state: WindowState, final: boolean): PackedRow {
  const row: unknown[] = [state.start, state.end, state.group, resultVersion(state.lastOffset, final), final ? ROW_KIND.final : ROW_KIND.update];
  view.folder.appendParts(row, state.measures);
  return row;
}
