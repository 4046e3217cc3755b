import type { RestoredPosition } from '../engine/source-partition';

/** What the broker still holds of a partition: its earliest available offset and its log end (next offset to be written). */
export interface LogBounds {
  readonly earliest: number;
  readonly logEnd: number;
}

/**
 * Why a partition's restore point is gone: records it still needed were
 * deleted unread (retention, delete-records), or the topic was recreated
 * (the log ends before where the group had read).
 */
export type RestorePointCause = 'deleted' | 'recreated';

/** A restore point that the broker no longer holds, with the numbers that show it. */
export interface LostRestorePoint {
  readonly cause: RestorePointCause;
  /** The committed offset: the replay point L, or the read position N where checkpoints commit N. */
  readonly committed: number;
  /** N from the commit metadata (equal to committed when the metadata has none). */
  readonly nextOffset: number;
  readonly earliest: number;
  readonly logEnd: number;
  /** The watermark W of the commit metadata; -Infinity when it had none. */
  readonly watermark: number;
}

/**
 * Whether a committed position can still be restored from. Lost when the
 * committed offset is below the earliest available offset (records needed to
 * rebuild state were removed before being read again), or when the committed
 * offset or N lies past the log end (the log restarted: the topic was
 * recreated). kafkajs would reset such a partition silently; this says so.
 */
export function lostRestorePoint(position: RestoredPosition, bounds: LogBounds): LostRestorePoint | undefined {
  const numbers = { committed: position.offset, nextOffset: position.nextOffset, earliest: bounds.earliest, logEnd: bounds.logEnd, watermark: position.watermark };
  if (Math.max(position.offset, position.nextOffset) > bounds.logEnd) return { cause: 'recreated', ...numbers };
  if (position.offset < bounds.earliest) return { cause: 'deleted', ...numbers };
  return undefined;
}

/**
 * Where a partition whose restore point is lost resumes: at the earliest
 * available offset, with the stored watermark kept (windows closed under it
 * had their finals emitted; refusing their events again means no smaller
 * final replaces them; those events reach the batch layer through the raw
 * table). Records in [earliest, N) of a log that was only trimmed were read
 * before, so they rebuild state without sending late copies twice; a
 * recreated log holds only new records, all read live. Rows of the rebuilt
 * windows are held back (see LossHold). States checkpointed at the commit are
 * restored after a trim, never after a recreation.
 */
export function resumeAfterLoss(lost: LostRestorePoint, checkpointed: boolean): RestoredPosition {
  const trimmed = lost.cause === 'deleted';
  const nextOffset = trimmed ? Math.max(lost.nextOffset, lost.earliest) : lost.earliest;
  // A trimmed log keeps its offsets, so checkpointed states still say which records they hold;
  // a recreated log numbers new records from 0, which such states would take as folded already.
  return { offset: lost.earliest, watermark: lost.watermark, nextOffset, checkpointed: trimmed && checkpointed, hold: { through: undefined } };
}
