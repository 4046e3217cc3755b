/** What idle handling needs to know about one partition. */
export interface PartitionActivity {
  readonly watermark: number;
  /** Wall-clock ms of the partition's last record, or of its assignment when it has none yet. */
  readonly lastRecordAt: number;
}

/** The aggregator settings idle handling reads. */
export interface IdleSettings {
  readonly idleTimeoutMs: number;
  readonly maxOutOfOrdernessMs: number;
}

/**
 * The watermarks after idle handling, in input order, so that a silent
 * partition does not hold its windows open for ever. A partition is idle when
 * it has had no record for idleTimeout. Idle partitions are raised to the
 * highest watermark among the active ones; when every partition is idle, each
 * is raised to (now - maxOutOfOrderness - idleTimeout). Watermarks never go
 * down. The clock is a parameter, so this is testable on virtual time.
 */
export function idleWatermarks(
  partitions: readonly PartitionActivity[],
  nowMs: number,
  settings: IdleSettings,
): number[] {
  const isIdle = (partition: PartitionActivity) => nowMs - partition.lastRecordAt >= settings.idleTimeoutMs;
  let highestActive = -Infinity;
  let anyActive = false;
  for (const partition of partitions) {
    if (isIdle(partition)) continue;
    anyActive = true;
    highestActive = Math.max(highestActive, partition.watermark);
  }
  const idleTarget = anyActive ? highestActive : nowMs - settings.maxOutOfOrdernessMs - settings.idleTimeoutMs;
  return partitions.map((partition) =>
    isIdle(partition) ? Math.max(partition.watermark, idleTarget) : partition.watermark,
  );
}
