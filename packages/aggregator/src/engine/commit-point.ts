import type { HoldPoint } from './loss-hold';

/**
 * What a partition's committed offset carries in its metadata: the watermark
 * W and the next offset N at the time of the commit. The committed offset
 * itself is the replay point L (oldest event of any open window).
 */
export interface CommitPoint {
  /** Replay point L: committed offset. */
  readonly offset: number;
  /** Watermark W when the point was taken; -Infinity before any event. */
  readonly watermark: number;
  /** Next offset N to read when the point was taken. */
  readonly nextOffset: number;
  /** Rows held back since a lost restore point (see LossHold); absent when none was lost. */
  readonly hold?: HoldPoint | undefined;
}

/** Encodes W and N for the offset-commit metadata string. */
export function encodeCommitMetadata(point: CommitPoint): string {
  const w = Number.isFinite(point.watermark) ? point.watermark : null;
  if (point.hold === undefined) return JSON.stringify({ w, n: point.nextOffset });
  return JSON.stringify({ w, n: point.nextOffset, h: point.hold.through ?? true });
}

/** Reads W and N back; undefined when the metadata is missing or not ours (then nothing is replayed silently). */
export function decodeCommitMetadata(metadata: string | null | undefined): { watermark: number; nextOffset: number; hold?: HoldPoint } | undefined {
  if (!metadata) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { w, n, h } = parsed as { w?: unknown; n?: unknown; h?: unknown };
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return undefined;
  const decoded = { watermark: typeof w === 'number' ? w : -Infinity, nextOffset: n };
  if (h === true) return { ...decoded, hold: { through: undefined } };
  return typeof h === 'number' ? { ...decoded, hold: { through: h } } : decoded;
}
