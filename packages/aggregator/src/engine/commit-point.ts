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
}

/** Encodes W and N for the offset-commit metadata string. */
export function encodeCommitMetadata(point: CommitPoint): string {
  return JSON.stringify({ w: Number.isFinite(point.watermark) ? point.watermark : null, n: point.nextOffset });
}

/** Reads W and N back; undefined when the metadata is missing or not ours (then nothing is replayed silently). */
export function decodeCommitMetadata(metadata: string | null | undefined): { watermark: number; nextOffset: number } | undefined {
  if (!metadata) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { w, n } = parsed as { w?: unknown; n?: unknown };
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return undefined;
  return { watermark: typeof w === 'number' ? w : -Infinity, nextOffset: n };
}
