import type { Consumer, Message } from 'kafkajs';
import { idleWatermarks, type AggregatorSettings, type Logger, type PipelineConfig, type ResultWriter } from '@sluice/core';
import type { AggregatorMetrics } from '../aggregator-metrics';
import { EMISSION_KINDS, type EmissionKind } from '../engine/emission';
import { encodeCommitMetadata, type CommitPoint } from '../engine/commit-point';
import type { SourcePartition } from '../engine/source-partition';
import type { PartitionRegistry } from './partition-registry';
import { oversizedRowMessage } from './oversized-row';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from './record-size-limit';
import { ResultPacker } from './records';

/**
 * One flush: raise idle watermarks, emit retractions, finals and updates of
 * every partition, and, when a commit is due, take each partition's commit
 * point in the same synchronous step (so its watermark closed nothing that was
 * not emitted), wait until every record sent so far is acknowledged, then
 * commit the replay points with W and N in the offset metadata.
 */
export class FlushCycle {
  private readonly lastCommitted = new Map<SourcePartition, string>();
  /** Partitions of the results topic, known once the topics are ensured. */
  resultPartitions = 1;
  /** Partitions of the state topic (with checkpoints), known once the topics are ensured. */
  statePartitions = 1;
  /** The results topic's record batch limit (message.max.bytes), read from the broker at start. */
  recordLimitBytes = KAFKA_DEFAULT_MAX_MESSAGE_BYTES;

  constructor(
    private readonly config: PipelineConfig,
    private readonly registry: PartitionRegistry,
    private readonly consumer: Pick<Consumer, 'commitOffsets'>,
    private readonly writer: ResultWriter<Message>,
    private readonly metrics: AggregatorMetrics,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {}

  /** Emits what changed; commits when `commit` is true. */
  async run(commit: boolean): Promise<void> {
    const partitions = [...this.registry.all()];
    this.raiseIdleWatermarks(partitions);
    const messages: Message[] = [];
    const deadLetters: Message[] = [];
    // Counted per flush, not per row: a labelled increment per row costs more than the row's bookkeeping.
    const counts = new Map<string, Record<EmissionKind, number>>();
    for (const state of partitions) {
      if (state.replaying) continue;
      const packer = new ResultPacker(state.topic, state.partition, this.resultPartitions, this.recordLimitBytes);
      state.collect(({ view }, row, kind) => {
        packer.add(view, row);
        let count = counts.get(view.name);
        if (count === undefined) counts.set(view.name, (count = { update: 0, final: 0, retract: 0 }));
        count[kind]++;
      });
      for (const message of packer.take()) messages.push(message);
      const origin = { topic: state.topic, partition: state.partition, limitBytes: this.recordLimitBytes };
      for (const oversized of packer.oversized()) {
        deadLetters.push(oversizedRowMessage(origin, oversized));
        this.metrics.oversizedResults.inc({ view: oversized.view.name });
      }
    }
    if (deadLetters.length > 0) this.logger.warn('result rows too large for a record of the results topic sent to the dead-letter topic', { rows: deadLetters.length, limitBytes: this.recordLimitBytes });
    for (const [view, count] of counts) {
      for (const kind of EMISSION_KINDS) if (count[kind] > 0) this.metrics.results.inc({ view, kind }, count[kind]);
    }
    this.writer.send(this.config.kafka.topics.results, messages);
    this.writer.send(this.config.kafka.topics.deadLetter, deadLetters);
    const points = commit ? this.commitPoints(partitions) : [];
    this.updateGauges(partitions);
    if (points.length > 0) await this.commit(points);
  }

  /**
   * A commit step's state-topic records of one partition, in the state
   * partition of its source partition (like its results), sent before the
   * commit waits for acknowledgements.
   */
  private sendCheckpoint(state: SourcePartition): void {
    const records = state.checkpointStep();
    if (records.length === 0) return;
    const partition = state.partition % this.statePartitions;
    this.writer.send(
      this.config.kafka.topics.state,
      records.map(({ key, value }) => ({ key, value, partition })),
    );
    this.metrics.checkpointRecords.inc({ kind: 'upsert' }, records.filter((record) => record.value !== null).length);
    this.metrics.checkpointRecords.inc({ kind: 'tombstone' }, records.filter((record) => record.value === null).length);
  }

  private raiseIdleWatermarks(partitions: readonly SourcePartition[]): void {
    const settings: AggregatorSettings = this.config.aggregator;
    const now = this.clock();
    const byTopic = new Map<string, SourcePartition[]>();
    for (const state of partitions) byTopic.set(state.topic, [...(byTopic.get(state.topic) ?? []), state]);
    for (const group of byTopic.values()) {
      // Only a caught-up partition can be idle. One with a backlog (a rebalance pause, a slow fetch) or
      // one replaying would otherwise have its watermark raised past events it has yet to read.
      const activity = group.map((state) => ({ watermark: state.watermark.current(), lastRecordAt: state.caughtUp ? state.lastRecordAt : now }));
      const raised = idleWatermarks(activity, now, settings);
      // A partition that has never seen an event has no event time to move on from, and no window
      // to close: raised to the wall clock, the backfill or the replay of old events it is about
      // to read would all come too late (with checkpoints, partitions exist before their first record).
      group.forEach((state, index) => {
        if (Number.isFinite(state.watermark.current())) state.watermark.advanceTo(raised[index] ?? -Infinity);
      });
    }
  }

  private commitPoints(partitions: readonly SourcePartition[]): { state: SourcePartition; point: CommitPoint; metadata: string }[] {
    const points = [];
    for (const state of partitions) {
      if (state.replaying) continue;
      const point = state.commitPoint();
      if (point.checkpointed) this.sendCheckpoint(state);
      const metadata = encodeCommitMetadata(point);
      const signature = `${point.offset}/${metadata}`;
      if (this.lastCommitted.get(state) === signature) {
        // The durable commit is this very point: whatever closed before it may be tombstoned.
        state.checkpointCommitted();
        continue;
      }
      points.push({ state, point, metadata });
    }
    return points;
  }

  private async commit(points: { state: SourcePartition; point: CommitPoint; metadata: string }[]): Promise<void> {
    await this.writer.drained();
    const owned = points.filter(({ state }) => this.registry.owns(state));
    if (owned.length === 0) return;
    try {
      await this.consumer.commitOffsets(
        owned.map(({ state, point, metadata }) => ({ topic: state.topic, partition: state.partition, offset: String(point.offset), metadata })),
      );
      for (const { state, point, metadata } of owned) {
        this.lastCommitted.set(state, `${point.offset}/${metadata}`);
        state.checkpointCommitted();
      }
    } catch (error) {
      // Not fatal: the previous commit still holds, so a restart replays a little more.
      for (const { state } of owned) state.checkpointCommitFailed();
      this.logger.warn('offset commit failed; will retry at the next commit', { error });
    }
  }

  private updateGauges(partitions: readonly SourcePartition[]): void {
    this.metrics.ownedPartitions.set(this.registry.assignedCount());
    const perView = new Map<string, { windows: number; entries: number; watermark: number }>();
    for (const view of this.config.views) perView.set(view.name, { windows: 0, entries: 0, watermark: Infinity });
    for (const state of partitions) {
      const sizes = state.sizes();
      const overflowFolds = state.takeOverflowFolds();
      state.viewNames.forEach((name, index) => {
        const folds = overflowFolds[index] ?? 0;
        if (folds > 0) this.metrics.overflowEvents.inc({ view: name }, folds);
        const totals = perView.get(name);
        if (!totals) return;
        totals.windows += sizes[index]?.windows ?? 0;
        totals.entries += sizes[index]?.entries ?? 0;
        // A partition without events yet has no watermark; the view's is that of the partitions that have one.
        const watermark = state.watermark.current();
        if (Number.isFinite(watermark)) totals.watermark = Math.min(totals.watermark, watermark);
      });
    }
    for (const [view, totals] of perView) {
      this.metrics.openWindows.set(totals.windows, { view });
      this.metrics.stateEntries.set(totals.entries, { view });
      if (Number.isFinite(totals.watermark)) this.metrics.watermark.set(totals.watermark, { view });
    }
  }
}
