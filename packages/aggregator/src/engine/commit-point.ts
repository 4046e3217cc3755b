import type { HoldPoint } from './loss-hold';

/**
 * What a partition's committed offset carries in its metadata: the watermark
 * W and the next offset N at the time of the commit. Without checkpoints the
 * committed offset itself is the replay point L (oldest event of any open
 * window); with them it is N, and the open windows are in the state topic.
 */
export interface CommitPoint {
  /** Committed offset: L without checkpoints, N with them. */
  readonly offset: number;
  /** Watermark W when the point was taken; -Infinity before any event. */
  readonly watermark: number;
  /** Next offset N to read when the point was taken. */
  readonly nextOffset: number;
  /** True when every open window of the point was written to the state topic before the commit. */
  readonly checkpointed: boolean;
  /** Rows held back since a lost restore point (see LossHold); absent when none was lost. */
  readonly hold?: HoldPoint | undefined;
}

/** What a commit's metadata says: W, N, whether the open windows are in the state topic, and any hold. */
export interface CommitMetadata {
  readonly watermark: number;
  readonly nextOffset: number;
  readonly checkpointed: boolean;
  readonly hold?: HoldPoint;
}

/** Encodes W and N (`c: 1` for a checkpointed commit, `h` for a hold) for the offset-commit metadata string. */
export function encodeCommitMetadata(point: CommitPoint): string {
  const metadata: { w: number | null; n: number; c?: 1; h?: number | true } = { w: Number.isFinite(point.watermark) ? point.watermark : null, n: point.nextOffset };
  if (point.checkpointed) metadata.c = 1;
  if (point.hold !== undefined) metadata.h = point.hold.through ?? true;
  return JSON.stringify(metadata);
}

/** Reads W and N back; undefined when the metadata is missing or not ours (then nothing is replayed silently). */
export function decodeCommitMetadata(metadata: string | null | undefined): CommitMetadata | undefined {
  if (!metadata) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { w, n, c, h } = parsed as { w?: unknown; n?: unknown; c?: unknown; h?: unknown };
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return undefined;
  const decoded = { watermark: typeof w === 'number' ? w : -Infinity, nextOffset: n, checkpointed: c === 1 };
  if (h === true) return { ...decoded, hold: { through: undefined } };
  return typeof h === 'number' ? { ...decoded, hold: { through: h } } : decoded;
}
