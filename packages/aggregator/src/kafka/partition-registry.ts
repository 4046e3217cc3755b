import type { Admin } from 'kafkajs';
import type { Counter, Logger } from '@sluice/core';
import { decodeCommitMetadata } from '../engine/commit-point';
import { SourcePartition, type RestoredPosition } from '../engine/source-partition';
import type { SourcePlan } from '../engine/view-plan';
import type { RestorePointGuard } from '../restore/restore-point-guard';

/** Reads the state topic for one source partition: its keys and their last values, tombstoned keys left out. */
export interface StateTopicReader {
  read(topic: string, partition: number): Promise<Map<string, Buffer>>;
}

/** How the registry restores from checkpoints. */
export interface RegistryCheckpoints {
  /** `aggregator.checkpoints`: new partitions write checkpoints. */
  readonly enabled: boolean;
  /** Read when checkpoints are on, and when a commit was checkpointed even if they are now off. */
  readonly reader: StateTopicReader;
  /** sluice_aggregator_restored_states_total. */
  readonly restoredStates: Pick<Counter, 'inc'>;
}

/** Assigned partitions per topic, as kafkajs reports them on GROUP_JOIN. */
export type Assignment = Readonly<Record<string, readonly number[]>>;

const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;

/**
 * The source partitions this instance owns and their state. A partition
 * that stays assigned across a rebalance keeps its state (kafkajs re-fetches
 * from the committed offset; records already folded are skipped). A newly
 * assigned one starts from its commit: replay point, watermark, next offset,
 * and, when the commit was checkpointed, the states of the state topic.
 */
export class PartitionRegistry {
  private readonly owned = new Map<string, SourcePartition>();
  private assigned: Set<string> | undefined;
  /** Partitions being restored, so an eager restore and a first batch share one. */
  private readonly restoring = new Map<string, Promise<SourcePartition | undefined>>();
  /** Committed positions per topic, fetched once per assignment. */
  private positions = new Map<string, Promise<Map<number, RestoredPosition>>>();

  constructor(
    private readonly plans: ReadonlyMap<string, SourcePlan>,
    private readonly admin: Pick<Admin, 'fetchOffsets' | 'fetchTopicOffsets'>,
    private readonly groupId: string,
    private readonly maxOutOfOrdernessMs: number,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly checkpoints?: RegistryCheckpoints,
    /** Checks committed positions against the broker's log bounds; without it they are taken as they are. */
    readonly restorePoints?: RestorePointGuard,
  ) {}

  /** Takes a new assignment: drops the state of every partition lost. */
  assign(assignment: Assignment): void {
    this.assigned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => keyOf(topic, p))));
    this.positions = new Map();
    for (const [key, state] of this.owned) {
      if (this.assigned.has(key)) continue;
      this.owned.delete(key);
      this.logger.info('partition revoked, state dropped', { topic: state.topic, partition: state.partition });
    }
    if (this.checkpoints?.enabled) this.restoreEagerly(assignment);
  }

  /**
   * With checkpoints, open windows live in the state topic, not in records
   * still to read: a partition with nothing more to read would never get a
   * batch, so never be restored, and its windows would never close. So every
   * newly assigned partition is restored at once, and its backlog is taken
   * from the log end (none at the end means caught up, so idle handling
   * closes its windows). A failure here is retried by the first batch.
   */
  private restoreEagerly(assignment: Assignment): void {
    for (const [topic, partitions] of Object.entries(assignment)) {
      if (!this.plans.has(topic)) continue;
      const fresh = partitions.filter((partition) => !this.owned.has(keyOf(topic, partition)));
      if (fresh.length === 0) continue;
      void (async () => {
        const ends = new Map((await this.admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
        for (const partition of fresh) (await this.partition(topic, partition))?.noteLogEnd(ends.get(partition) ?? 0);
      })().catch((error: unknown) => this.logger.warn('restoring newly assigned partitions failed; their first batch restores them', { topic, error: error as Error }));
    }
  }

  /** Fetches (and checks) the committed positions of every assigned topic now, before their first fetch. */
  async prepareAssigned(assignment: Assignment): Promise<void> {
    await Promise.all(Object.keys(assignment).filter((topic) => this.plans.has(topic)).map((topic) => this.committedPositions(topic)));
  }

  /** The state of an assigned partition, restored from its commit on first use; undefined if not ours. */
  async partition(topic: string, partition: number): Promise<SourcePartition | undefined> {
    const key = keyOf(topic, partition);
    if (this.assigned !== undefined && !this.assigned.has(key)) return undefined;
    const existing = this.owned.get(key);
    if (existing) return existing;
    let restoring = this.restoring.get(key);
    if (restoring === undefined) {
      restoring = this.restore(topic, partition, key);
      this.restoring.set(key, restoring);
      void restoring.then(
        () => this.restoring.delete(key),
        () => this.restoring.delete(key),
      );
    }
    return restoring;
  }

  private async restore(topic: string, partition: number, key: string): Promise<SourcePartition | undefined> {
    const plan = this.plans.get(topic);
    if (!plan) return undefined;
    const restored = (await this.committedPositions(topic)).get(partition);
    const checkpoints = this.checkpoints;
    const entries = checkpoints && (checkpoints.enabled || restored?.checkpointed) ? await checkpoints.reader.read(topic, partition) : undefined;
    if (this.owned.has(key)) return this.owned.get(key);
    const state = new SourcePartition(topic, partition, plan, this.maxOutOfOrdernessMs, this.clock(), restored);
    if (checkpoints?.enabled) state.enableCheckpoints();
    const restoredStates = entries ? state.restoreCheckpoint(entries, restored?.checkpointed ?? false) : undefined;
    if (restoredStates) checkpoints?.restoredStates.inc({}, restoredStates);
    this.owned.set(key, state);
    this.logger.info('partition assigned', { topic, partition, replayFrom: restored?.offset, replayUntil: restored?.nextOffset, watermark: restored?.watermark, restoredStates });
    return state;
  }

  /** How many source partitions the group assigned to this instance (states appear on their first batch). */
  assignedCount(): number {
    return this.assigned?.size ?? 0;
  }

  /** Every owned partition. */
  all(): IterableIterator<SourcePartition> {
    return this.owned.values();
  }

  /** Whether the partition is still ours (a rebalance may have taken it while a commit waited). */
  owns(state: SourcePartition): boolean {
    return this.owned.get(keyOf(state.topic, state.partition)) === state;
  }

  private committedPositions(topic: string): Promise<Map<number, RestoredPosition>> {
    let positions = this.positions.get(topic);
    if (!positions) {
      positions = this.fetchPositions(topic);
      this.positions.set(topic, positions);
      // A failed fetch must be retried by the next batch, not cached.
      void positions.catch(() => this.positions.delete(topic));
    }
    return positions;
  }

  private async fetchPositions(topic: string): Promise<Map<number, RestoredPosition>> {
    const [offsets] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
    const positions = new Map<number, RestoredPosition>();
    for (const { partition, offset, metadata } of offsets?.partitions ?? []) {
      const committed = Number(offset);
      if (committed < 0) continue;
      const stored = decodeCommitMetadata(metadata);
      positions.set(partition, {
        offset: committed,
        watermark: stored?.watermark ?? -Infinity,
        nextOffset: Math.max(stored?.nextOffset ?? committed, committed),
        hold: stored?.hold,
        checkpointed: stored?.checkpointed ?? false,
      });
    }
    return this.restorePoints ? this.restorePoints.check(topic, positions) : positions;
  }
}
