import type { Logger, RetentionSettings, RetentionStore, ViewDefinition } from '@sluice/core';

/**
 * Drops what no reader of a view sees any more, once per batch cycle: speed
 * rows of periods final for longer than `retention.speedAfterFinal` (the
 * serving view reads batch rows there), and batch generations superseded for
 * longer than `retention.batchGenerations` (it reads only the newest final
 * one). Raw and reconcile rows leave by their tables' TTL.
 */
export async function sweepRetention(store: RetentionStore, retention: RetentionSettings, view: ViewDefinition, now: number, logger: Logger): Promise<void> {
  const speedRows = await store.dropFinalSpeedRows(view, now - retention.speedAfterFinalMs);
  const generations = await store.dropSupersededGenerations(view, now - retention.batchGenerationsMs);
  if (speedRows > 0 || generations > 0) logger.info('retention dropped rows no reader sees', { view: view.name, speedRows, supersededGenerations: generations });
}
