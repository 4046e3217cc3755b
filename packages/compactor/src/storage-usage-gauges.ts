import type { Gauge, Logger, TableUsageReader, TopicUsage } from '@sluice/core';

/** The gauges the disk use of the pipeline is published on. */
export interface StorageUsageMetrics {
  readonly tableBytes: Gauge;
  readonly tableRows: Gauge;
  readonly topicRecords: Gauge;
}

export interface StorageUsageGaugesOptions {
  readonly tables: TableUsageReader;
  readonly tableNames: readonly string[];
  /** Undefined for a topic that does not exist yet: it gets no series until it does. */
  readonly topicUsage: (topic: string) => Promise<TopicUsage | undefined>;
  readonly topicNames: readonly string[];
  readonly metrics: StorageUsageMetrics;
  readonly logger: Logger;
}

/**
 * Keeps the table and topic size gauges current. Read on the worker's own
 * schedule rather than per scrape, so a scraper cannot make it query the
 * store; a failed read is logged and leaves the last values standing (a size
 * does not become zero because the store did not answer once).
 */
export class StorageUsageGauges {
  private running: Promise<void> | undefined;

  constructor(private readonly options: StorageUsageGaugesOptions) {}

  /** Resolves once the read running now (if any) has ended, without starting one. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Reads both sizes once (joining a read already running); never rejects. */
  refresh(): Promise<void> {
    this.running ??= Promise.all([this.refreshTables(), ...this.options.topicNames.map((topic) => this.refreshTopic(topic))]).then(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async refreshTables(): Promise<void> {
    const { tables, tableNames, metrics, logger } = this.options;
    try {
      for (const { table, bytes, rows } of await tables.tableUsage(tableNames)) {
        metrics.tableBytes.set(bytes, { table });
        metrics.tableRows.set(rows, { table });
      }
    } catch (error) {
      logger.warn('table sizes unreadable; keeping the last ones', { error });
    }
  }

  /** One topic at a time: a topic another role has not created yet must not hide the others' sizes. */
  private async refreshTopic(topic: string): Promise<void> {
    const { topicUsage, metrics, logger } = this.options;
    try {
      const usage = await topicUsage(topic);
      if (usage !== undefined) metrics.topicRecords.set(usage.records, { topic });
    } catch (error) {
      logger.warn('topic size unreadable; keeping the last one', { topic, error });
    }
  }
}
