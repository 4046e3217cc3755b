import type { Admin, Consumer } from 'kafkajs';
import type { Counter, Logger } from '@sluice/core';
import type { RestoredPosition } from '../engine/source-partition';
import { lostRestorePoint, resumeAfterLoss, type LogBounds, type RestorePointCause } from './restore-point';

/** One lost restore point as /healthz lists it. */
export interface RestorePointLossReport {
  readonly topic: string;
  readonly partition: number;
  readonly cause: RestorePointCause;
  readonly committed: number;
  readonly nextOffset: number;
  readonly earliest: number;
  readonly logEnd: number;
  /** Wall-clock ms when this instance found it. */
  readonly since: number;
}

/** The consumer calls the guard makes: hold an assignment's fetch, move a lost partition's position. */
export type GuardedConsumer = Pick<Consumer, 'pause' | 'resume' | 'seek'>;

/** Delay between attempts of a check that failed (the broker unreachable, say); the assignment stays held meanwhile. */
const CHECK_RETRY_MS = 1_000;

const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;

/**
 * Checks every committed position against what the broker still holds
 * before the partition's state is built from it, so that a restore point
 * deleted by retention or lost with a recreated topic is reported (log,
 * metric, /healthz) and resumed from explicitly at the earliest offset,
 * instead of kafkajs's silent "resetting to default offset".
 *
 * The check must come before the first fetch: on OFFSET_OUT_OF_RANGE
 * kafkajs commits its default offset over the group's, metadata and all, so
 * afterwards nothing would show that anything was lost. Hence `admit`
 * pauses a new assignment on GROUP_JOIN (kafkajs emits it before fetching)
 * and resumes it once every position is checked and every lost one seeked.
 */
export class RestorePointGuard {
  private readonly losses = new Map<string, RestorePointLossReport>();
  private admissions = 0;

  constructor(
    private readonly admin: Pick<Admin, 'fetchTopicOffsets'>,
    private readonly consumer: GuardedConsumer,
    private readonly lostCounter: Counter,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {}

  /**
   * Holds the fetch of `assignment` until `check` (which fetches the
   * committed positions through `check` below) has run; retried while it
   * fails. Call synchronously from the GROUP_JOIN listener.
   */
  async admit(assignment: Readonly<Record<string, readonly number[]>>, check: () => Promise<void>): Promise<void> {
    const admission = ++this.admissions;
    try {
      await this.hold(admission, assignment, check);
    } catch (error) {
      // Pausing or resuming fails only once the consumer is gone (a stop during a rebalance): nothing is left to hold.
      this.logger.warn('could not hold the assignment for the restore-point check', { error: error as Error });
    }
  }

  private async hold(admission: number, assignment: Readonly<Record<string, readonly number[]>>, check: () => Promise<void>): Promise<void> {
    const held = Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions: [...partitions] }));
    if (held.length === 0) return;
    this.consumer.pause(held);
    // A newer assignment took over: it holds and resumes its own partitions.
    const current = () => admission === this.admissions;
    for (;;) {
      try {
        await check();
        break;
      } catch (error) {
        if (!current()) return;
        this.logger.warn('cannot check committed positions against the log yet; the assignment waits', { error: error as Error });
        await new Promise((resolve) => setTimeout(resolve, CHECK_RETRY_MS));
        if (!current()) return;
      }
    }
    // A resume during a rejoin can be refused; a partition left paused would never be read again, so retry while this admission is current.
    while (current()) {
      try {
        this.consumer.resume(held);
        return;
      } catch (error) {
        this.logger.warn('could not resume the checked assignment yet; retrying', { error: error as Error });
        await new Promise((resolve) => setTimeout(resolve, CHECK_RETRY_MS));
      }
    }
  }

  /** The positions to restore from: the committed ones, or for a lost one the resume point after the loss. */
  async check(topic: string, positions: Map<number, RestoredPosition>): Promise<Map<number, RestoredPosition>> {
    if (positions.size === 0) return positions;
    const bounds = await this.logBounds(topic);
    const checked = new Map(positions);
    for (const [partition, position] of positions) {
      const bound = bounds.get(partition);
      const lost = bound && lostRestorePoint(position, bound);
      if (!lost) continue;
      const resume = resumeAfterLoss(lost, position.checkpointed);
      checked.set(partition, resume);
      this.consumer.seek({ topic, partition, offset: String(resume.offset) });
      const report = { topic, partition, cause: lost.cause, committed: lost.committed, nextOffset: lost.nextOffset, earliest: lost.earliest, logEnd: lost.logEnd, since: this.clock() };
      this.losses.set(keyOf(topic, partition), report);
      this.lostCounter.inc({ topic, partition: String(partition) });
      this.logger.warn('restore point lost: resuming from the earliest available offset; rows of windows that may miss events are held until the batch layer recomputes them', {
        ...report,
        watermark: Number.isFinite(lost.watermark) ? lost.watermark : null,
        recordsMissing: lost.cause === 'deleted' ? lost.earliest - lost.committed : null,
      });
    }
    return checked;
  }

  /** Stops any admission still retrying: the worker is stopping. */
  close(): void {
    this.admissions++;
  }

  /** For /healthz: every restore point this instance found lost, oldest first. */
  details(): { restorePointsLost: RestorePointLossReport[] } {
    return { restorePointsLost: [...this.losses.values()] };
  }

  private async logBounds(topic: string): Promise<Map<number, LogBounds>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, low, high }) => [partition, { earliest: Number(low), logEnd: Number(high) }]));
  }
}
